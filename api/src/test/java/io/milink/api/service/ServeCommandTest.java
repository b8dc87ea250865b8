package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.journal.Journal;
import io.milink.journal.OperationJournal;
import io.milink.journal.OperationState;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code milink serve} as an operator runs it: a separate JVM, HTTPS with the certificate it writes to the data
 * directory, the first-start token on its own line, and SIGTERM in the middle of a preflight.
 */
class ServeCommandTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (https://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void servesHttpsPrintsTheFirstTokenOnceAndJournalsWorkInterruptedBySigterm() throws Exception {
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.milink.api.Milink", "serve", "--port", "0",
                "--data-dir", dir.toString(), "--shutdown-grace", "2")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> output = new ArrayList<>();
        String operationId;
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                StandardCharsets.UTF_8));
        try {
            String baseUrl = null;
            String token = null;
            while (token == null) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                output.add(line);
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    baseUrl = listening.group(1);
                }
                if (line.matches("[A-Za-z0-9_-]{43}")) {
                    token = line;
                }
            }
            assertThat(baseUrl).as(String.join("\n", output)).isNotNull();
            assertThat(token).as(String.join("\n", output)).isNotNull();
            assertThat(output).anyMatch(l -> l.contains("shown only this once"));

            Path certificate = dir.resolve("tls/milink-serve-certificate.pem");
            assertThat(output).anyMatch(l -> l.contains("--cacert " + certificate.toAbsolutePath()));
            HttpClient client = HttpClient.newBuilder().sslContext(ServeProcess.trusting(certificate))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            // Connect by name: the certificate must match the host name, and verification stays on.
            String byName = baseUrl.replace("127.0.0.1", "localhost");
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(byName + "/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(byName + "/v1/preflight"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"scenario\": \"ready-2022\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            operationId = accepted.headers().firstValue("Location").orElseThrow().replace("/v1/operations/", "");
        } finally {
            serve.toHandle().destroy(); // SIGTERM, keeping our end of its output open to read the rest
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        // docs/cli.md: a JVM ended by a signal exits 128 + its number, after the clean stop.
        assertThat(serve.exitValue()).as("exit code after SIGTERM").isEqualTo(143);
        out.lines().forEach(output::add);
        assertThat(String.join("\n", output).lines().filter(l -> l.matches("[A-Za-z0-9_-]{43}")).count())
                .as("the token is printed once").isEqualTo(1);

        // The journal is released, and the interrupted preflight is final: finished, or Failed with the reason.
        try (Journal journal = Journal.open(dir)) {
            var op = new OperationJournal(journal).find(operationId).orElseThrow();
            assertThat(op.state()).isIn(OperationState.Succeeded, OperationState.Failed);
            if (op.state() == OperationState.Failed) {
                assertThat(op.error()).isEqualTo(OperationJournal.INTERRUPTED_REASON);
            }
        }
        assertThat(Files.readString(dir.resolve("tls/milink-serve-certificate.pem"))).doesNotContain("PRIVATE");
    }
}
