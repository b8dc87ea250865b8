package io.milink.api.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The appender that writes access lines from its own thread: the line is the one logback's JsonEncoder writes when
 * called on the logging thread, byte for byte, naming the logging thread; other lines are written before the logging
 * call returns; a full queue drops access lines and says how many; a stop writes what was queued.
 */
@Timeout(30)
class AccessLinesOffTheEventLoopTest {

    /** A context of its own: the test's global logback configuration is not touched. */
    private final LoggerContext context = new LoggerContext();
    private final AccessLinesOffTheEventLoop offLoop = new AccessLinesOffTheEventLoop();

    @AfterEach
    void stop() {
        context.stop();
    }

    private static JsonEncoder shippedEncoder(LoggerContext context) {
        // JsonEncoder with the settings whose line the shipped encoder (ServiceLogEncoder) writes.
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        ServiceLogEncoder.configure(encoder);
        encoder.start();
        return encoder;
    }

    private Logger rootWith(Appender<ILoggingEvent> delegate) {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's SLF4J provider gives the global context
        delegate.setContext(context);
        delegate.start();
        offLoop.setContext(context);
        offLoop.addAppender(delegate);
        offLoop.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(offLoop);
        return root;
    }

    private static void logOn(String threadName, Runnable logging) throws InterruptedException {
        Thread thread = new Thread(logging, threadName);
        thread.start();
        thread.join();
    }

    @Test
    void anAccessLineIsWhatJsonEncoderWritesOnTheLoggingThreadAndOtherLinesAreWrittenAtOnce() throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> stderr = new OutputStreamAppender<>();
        stderr.setEncoder(shippedEncoder(context));
        stderr.setOutputStream(written);
        Logger root = rootWith(stderr);
        // What a synchronous appender sees, to encode on the logging thread for comparison.
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        root.addAppender(seen);
        JsonEncoder reference = shippedEncoder(context);
        StringBuilder expected = new StringBuilder();
        List<String> writtenWhenTheWarningReturned = new CopyOnWriteArrayList<>();

        logOn("vert.x-eventloop-thread-7", () -> {
            context.getLogger(AccessLinesOffTheEventLoop.ACCESS_LOGGER).atInfo()
                    .addKeyValue("requestId", "pipeline-42").addKeyValue("method", "GET")
                    .addKeyValue("path", "/v1/links/\"sales\"").addKeyValue("status", 200)
                    .addKeyValue("durationMs", 3L).addKeyValue("caller", "token:1").log("request");
            expected.append(new String(reference.encode(seen.list.get(0)), StandardCharsets.UTF_8));
        });
        logOn("milink-links-0", () -> {
            context.getLogger("io.milink.api.service.links").warn("the instance did not answer");
            writtenWhenTheWarningReturned.add(written.toString(StandardCharsets.UTF_8));
        });
        offLoop.stop(); // writes what is queued

        assertThat(writtenWhenTheWarningReturned.get(0)).as("a warning is written before its call returns")
                .contains("the instance did not answer");
        List<String> lines = written.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        String accessLine = lines.stream().filter(l -> l.contains("pipeline-42")).findFirst().orElseThrow();
        assertThat(accessLine + "\n").isEqualTo(expected.toString()); // JsonEncoder's own line, unchanged
        JsonObject parsed = new JsonObject(accessLine);
        assertThat(parsed.getString("threadName")).isEqualTo("vert.x-eventloop-thread-7");
        assertThat(parsed.getString("loggerName")).isEqualTo("io.milink.api.service.access");
        assertThat(parsed.getString("formattedMessage")).isEqualTo("request");
        assertThat(parsed.getJsonArray("kvpList").encode()).isEqualTo("[{\"requestId\":\"pipeline-42\"},"
                + "{\"method\":\"GET\"},{\"path\":\"/v1/links/\\\"sales\\\"\"},{\"status\":\"200\"},"
                + "{\"durationMs\":\"3\"},{\"caller\":\"token:1\"}]");
    }

    /** Stands for a stderr nobody reads: blocks every write until released, and records what it wrote. */
    private static final class StalledStderr extends AppenderBase<ILoggingEvent> {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add(event);
        }
    }

    @Test
    void aFullQueueDropsAccessLinesWithoutBlockingTheLoggerAndThenSaysHowMany() throws Exception {
        offLoop.setQueueSize(4);
        StalledStderr stderr = new StalledStderr();
        rootWith(stderr);
        org.slf4j.Logger access = context.getLogger(AccessLinesOffTheEventLoop.ACCESS_LOGGER);

        access.info("request 0");
        assertThat(stderr.writing.await(10, TimeUnit.SECONDS)).as("the writer took the first line").isTrue();
        long started = System.nanoTime();
        for (int i = 1; i <= 7; i++) {
            access.info("request " + i); // 1 to 4 fill the queue, 5 to 7 find it full
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("logging never waited")
                .isLessThan(2_000);
        assertThat(offLoop.droppedNotReported()).isEqualTo(3);

        stderr.release.countDown();
        offLoop.stop();
        assertThat(stderr.events).extracting(ILoggingEvent::getFormattedMessage).containsSubsequence(
                "request 0", "request 1", "request 2", "request 3", "request 4")
                .doesNotContain("request 5", "request 6", "request 7")
                .contains("3 access line(s) dropped: standard error did not keep up with the requests (4 lines were "
                        + "waiting)");
        assertThat(offLoop.droppedNotReported()).isZero();
    }

    @Test
    void aStopWritesEveryQueuedLineFirst() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        rootWith(new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                try {
                    Thread.sleep(1); // a slow stderr: the lines are still queued when stop() is called
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.add(event.getFormattedMessage());
            }
        });
        org.slf4j.Logger access = context.getLogger(AccessLinesOffTheEventLoop.ACCESS_LOGGER);
        for (int i = 0; i < 300; i++) {
            access.info("request " + i);
        }
        assertThat(written).as("still queued").hasSizeLessThan(300);
        offLoop.stop();
        assertThat(written).hasSize(300).startsWith("request 0").endsWith("request 299");
    }

    /** A process that logs access lines, then exits at once. */
    static final class LogsThenExits {
        static final int LINES = 6_000; // below the shipped queue size: none is dropped

        public static void main(String[] args) {
            org.slf4j.Logger access = org.slf4j.LoggerFactory.getLogger(AccessLinesOffTheEventLoop.ACCESS_LOGGER);
            for (int i = 0; i < LINES; i++) {
                access.atInfo().addKeyValue("requestId", "exit-" + i).log("request");
            }
            System.exit(0); // with most lines still queued
        }
    }

    @Test
    void aProcessThatExitsWithLinesQueuedWritesThemAll() throws Exception {
        java.net.URL shipped = getClass().getClassLoader().getResource("logback.xml");
        assertThat(shipped).as("the shipped logback.xml on the class path").isNotNull();
        Process process = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dlogback.configurationFile=" + shipped, "-Dmilink.access.log.level=INFO", "-cp",
                System.getProperty("java.class.path"), LogsThenExits.class.getName())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new java.util.ArrayList<>();
        try (var stderr = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String first = stderr.readLine();
            // A reader that lags (a busy log collector): the pipe fills, the writer blocks, the lines wait in the
            // queue while the process exits. They must be written once the reader catches up (within the 2 s the
            // exit waits), not lost with the writer thread.
            Thread.sleep(300);
            lines.add(first);
            stderr.lines().forEach(lines::add);
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).hasSize(LogsThenExits.LINES);
        for (int i = 0; i < LogsThenExits.LINES; i++) {
            JsonObject line = new JsonObject(lines.get(i));
            assertThat(line.getJsonArray("kvpList").getJsonObject(0).getString("requestId")).isEqualTo("exit-" + i);
            assertThat(line.getString("threadName")).isEqualTo("main");
        }
    }
}
