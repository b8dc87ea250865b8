package io.milink.api.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code milink serve} process with the shipped logback.xml, stopped by SIGTERM, has written the access line of
 * every request it answered, each a JSON object, none dropped. Its stderr is a pipe this test does not read until
 * after the SIGTERM, so the pipe is full, the writer thread blocked and most lines still queued when the stop begins.
 * (The service's own stop takes long enough for the writer to catch up here; that a process exiting at once still
 * writes its queued lines is {@link AccessLinesOffTheEventLoopTest#aProcessThatExitsWithLinesQueuedWritesThemAll}.)
 */
class ServeAccessLogAtExitTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    /** About 300 bytes a line: several times what a pipe holds (64 KiB on Linux), far less than the queue. */
    private static final int REQUESTS = 1_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyAccessLineIsWrittenWhenTheServiceIsStoppedWithLinesStillQueued() throws Exception {
        URL shipped = ServeAccessLogAtExitTest.class.getClassLoader().getResource("logback.xml");
        assertThat(shipped).as("the shipped logback.xml on the class path").isNotNull();
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + shipped, "-Dmilink.access.log.level=INFO",
                "-cp", System.getProperty("java.class.path"), "io.milink.api.Milink", "serve", "--port", "0",
                "--insecure-http", "--data-dir", dir.toString(), "--shutdown-grace", "1")
                .start(); // stderr: a pipe, left unread for now
        Set<String> answered = new HashSet<>();
        List<String> output = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8));
            String baseUrl = null;
            for (String line; baseUrl == null && (line = out.readLine()) != null; ) {
                output.add(line);
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    baseUrl = listening.group(1);
                }
            }
            assertThat(baseUrl).as(String.join("\n", output)).isNotNull();
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < REQUESTS; i++) {
                String id = "exit-" + i;
                HttpResponse<Void> live = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health/live"))
                        .header("X-Request-Id", id).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(live.statusCode()).isEqualTo(200);
                answered.add(id);
            }
        } finally {
            serve.toHandle().destroy(); // SIGTERM, with lines still queued behind the full pipe
        }
        List<String> log = new ArrayList<>();
        try (InputStream stderr = serve.getErrorStream()) {
            new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8)).lines().forEach(log::add);
        }
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();

        Set<String> logged = new HashSet<>();
        for (String line : log) {
            JsonObject json = new JsonObject(line); // fails the test if a line is not one JSON object
            if ("io.milink.api.service.access".equals(json.getString("loggerName"))) {
                json.getJsonArray("kvpList").forEach(pair -> {
                    Object id = ((JsonObject) pair).getValue("requestId");
                    if (id != null) {
                        logged.add(id.toString());
                    }
                });
            }
        }
        assertThat(log).as("nothing was dropped").noneMatch(line -> line.contains("access line(s) dropped"));
        assertThat(logged).as("an access line for every request answered").containsAll(answered);
    }
}
