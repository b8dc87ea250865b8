package io.milink.api.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

/** The service's encoder writes, byte for byte, what logback's JsonEncoder writes with the same settings. */
class ServiceLogEncoderTest {

    private final LoggerContext context = new LoggerContext();
    private final ServiceLogEncoder encoder = new ServiceLogEncoder();
    private final JsonEncoder reference = new JsonEncoder();

    @BeforeEach
    void start() {
        encoder.setContext(context);
        encoder.start();
        reference.setContext(context);
        ServiceLogEncoder.configure(reference);
        reference.start();
    }

    @AfterEach
    void stop() {
        encoder.stop();
        reference.stop();
        context.stop();
    }

    private static final String ALPHABET = "aZ09 _-.:/\\\"'{}[],\u00e4\u20ac\uD83D\uDE00\n\r\t\b\f\u0000\u0001\u001f\u007f";
    private static final List<Level> LEVELS = List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR);

    private static String text(Random random) {
        if (random.nextInt(10) == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(random.nextBoolean() ? 4 : 40);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private LoggingEvent event(Random random) {
        Logger logger = context.getLogger(random.nextBoolean() ? "io.milink.api.service.access" : "io.milink.x.Y");
        Level level = LEVELS.get(random.nextInt(LEVELS.size()));
        Object[] arguments = random.nextBoolean() ? new Object[] {text(random)} : null;
        String message = arguments == null ? text(random) : "about {} " + text(random);
        LoggingEvent event = new LoggingEvent("fqcn", logger, level, message, null, arguments);
        event.setThreadName(random.nextInt(8) == 0 ? text(random) : "vert.x-eventloop-thread-" + random.nextInt(4));
        event.setTimeStamp(random.nextLong() >>> 20);
        int pairs = random.nextInt(8);
        for (int i = 0; i < pairs; i++) {
            Object value = switch (random.nextInt(4)) {
                case 0 -> random.nextInt();
                case 1 -> random.nextLong();
                default -> text(random);
            };
            event.addKeyValuePair(new KeyValuePair(text(random), value));
        }
        return event;
    }

    @Test
    void randomEventsGiveJsonEncodersBytes() {
        Random random = new Random(20261207);
        for (int i = 0; i < 20_000; i++) {
            LoggingEvent event = event(random);
            String expected = new String(reference.encode(event), StandardCharsets.UTF_8);
            assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8)).as("event %d", i)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aRequestLineIsTheDocumentedOne() {
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("io.milink.api.service.access"), Level.INFO,
                "request", null, null);
        event.setThreadName("vert.x-eventloop-thread-0");
        event.setTimeStamp(1795924368719L);
        event.addKeyValuePair(new KeyValuePair("requestId", "pipeline-42"));
        event.addKeyValuePair(new KeyValuePair("method", "POST"));
        event.addKeyValuePair(new KeyValuePair("path", "/v1/preflight"));
        event.addKeyValuePair(new KeyValuePair("status", 202));
        event.addKeyValuePair(new KeyValuePair("durationMs", 36L));
        event.addKeyValuePair(new KeyValuePair("caller", "token:1"));

        // As docs/operations.md (Logs) shows it.
        assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8)).isEqualTo("{\"timestamp\":1795924368719,"
                + "\"level\":\"INFO\",\"threadName\":\"vert.x-eventloop-thread-0\",\"loggerName\":"
                + "\"io.milink.api.service.access\",\"kvpList\": [{\"requestId\":\"pipeline-42\"},{\"method\":\"POST\"},"
                + "{\"path\":\"\\/v1\\/preflight\"},{\"status\":\"202\"},{\"durationMs\":\"36\"},"
                + "{\"caller\":\"token:1\"}],\"formattedMessage\":\"request\",\"throwable\":null}\n");
    }

    @Test
    void eventsWithAThrowableOrMarkersAreJsonEncodersOwn() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            LoggingEvent event = event(random);
            if (i % 2 == 0) {
                event.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(
                        new IllegalStateException(text(random), new RuntimeException("cause"))));
            } else {
                event.addMarker(MarkerFactory.getMarker("m" + i));
            }
            assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8)).as("event %d", i)
                    .isEqualTo(new String(reference.encode(event), StandardCharsets.UTF_8));
        }
    }
}
