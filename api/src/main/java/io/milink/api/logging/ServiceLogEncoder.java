package io.milink.api.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.slf4j.event.KeyValuePair;

/**
 * The service's log line: one JSON object per line, exactly as logback's {@link JsonEncoder} writes it with the
 * members docs/operations.md (Logs) shows: {@code timestamp}, {@code level}, {@code threadName}, {@code loggerName},
 * {@code kvpList} when the event has key-value pairs, {@code formattedMessage} and {@code throwable}.
 *
 * <p>Why not JsonEncoder itself: it escapes every string into a new one, character by character, and for a request
 * line (six key-value pairs) that was most of the line's cost, on a service answering tens of thousands of status
 * reads a second (bench/README.md, ServiceLoadBench). Here a string with nothing to escape is copied whole. A line with
 * a throwable or markers, which are rare, is still written by a JsonEncoder with the same settings, so its stack trace
 * keeps JsonEncoder's form. A test holds the two to the same bytes.
 */
public final class ServiceLogEncoder extends EncoderBase<ILoggingEvent> {

    /** As logback's ModelConstants.NULL_STR: what JsonEncoder writes for a null. */
    private static final String NULL = "null";

    private final JsonEncoder general = new JsonEncoder();

    /** The JsonEncoder settings whose output this encoder reproduces (the settings logback.xml had). */
    static void configure(JsonEncoder encoder) {
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMDC(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
    }

    @Override
    public void start() {
        general.setContext(getContext());
        configure(general);
        general.start();
        super.start();
    }

    @Override
    public void stop() {
        general.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return general.headerBytes();
    }

    @Override
    public byte[] footerBytes() {
        return general.footerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (event.getThrowableProxy() != null || event.getMarkerList() != null) {
            return general.encode(event);
        }
        StringBuilder line = new StringBuilder(320);
        line.append("{\"timestamp\":").append(event.getTimeStamp());
        line.append(",\"level\":\"").append(event.getLevel() == null ? NULL : event.getLevel().levelStr);
        line.append("\",\"threadName\":\"");
        escaped(line, event.getThreadName());
        // JsonEncoder writes the logger's name as it is: a Java class or package name has nothing to escape.
        line.append("\",\"loggerName\":\"").append(event.getLoggerName()).append('"');
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null && !pairs.isEmpty()) {
            line.append(",\"kvpList\": [");
            for (int i = 0; i < pairs.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                KeyValuePair pair = pairs.get(i);
                line.append("{\"");
                escaped(line, pair.key);
                line.append("\":\"");
                escaped(line, pair.value == null ? null : pair.value.toString());
                line.append("\"}");
            }
            line.append(']');
        }
        line.append(",\"formattedMessage\":\"");
        escaped(line, event.getFormattedMessage());
        line.append("\",\"throwable\":null}\n");
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends the string as JsonEncoder escapes it (logback's JsonEscapeUtil), "null" for null. */
    private static void escaped(StringBuilder line, String value) {
        if (value == null) {
            line.append(NULL);
            return;
        }
        int length = value.length();
        int plain = 0;
        while (plain < length && !needsEscape(value.charAt(plain))) {
            plain++;
        }
        if (plain == length) {
            line.append(value);
            return;
        }
        line.append(value, 0, plain);
        for (int i = plain; i < length; i++) {
            char c = value.charAt(i);
            if (!needsEscape(c)) {
                line.append(c);
            } else if (c == '"') {
                line.append("\\\"");
            } else if (c == '/') {
                line.append("\\/");
            } else if (c == '\\') {
                line.append("\\\\");
            } else {
                appendControl(line, c);
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c < 32 || c == '"' || c == '/' || c == '\\';
    }

    private static void appendControl(StringBuilder line, char c) {
        switch (c) {
            case '\b' -> line.append("\\b");
            case '\t' -> line.append("\\t");
            case '\n' -> line.append("\\n");
            case '\f' -> line.append("\\f");
            case '\r' -> line.append("\\r");
            default -> line.append("\\u00").append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0x0F, 16)));
        }
    }
}
