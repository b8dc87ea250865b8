package io.milink.netprobe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON form of a {@link ListenReport} ({@code milink netprobe listen --output json}), documented in
 * docs/network.md: {@code {"bindAddress", "port", "listenedFor" (seconds), "connections": [{"address",
 * "sourcePort", "at", "scope"}], "truncated"}}. Preflight reads it back ({@code --inbound-result FILE}) to assess
 * {@code net.inbound}; readers ignore unknown fields.
 */
public final class ListenJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final String INCOMPLETE =
            "not a complete milink netprobe listen result (it needs port, listenedFor and connections)";

    private ListenJson() {
    }

    public static String write(ListenReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a listen report", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a listen report */
    public static ListenReport read(String json) {
        ListenReport report;
        try {
            report = MAPPER.readValue(json, ListenReport.class);
        } catch (ValueInstantiationException e) {
            // What ListenReport's constructor throws (a missing "connections" list reaches it as null) comes wrapped
            // here, never as itself; its message would name JDK internals, so say what a listen result needs.
            throw new IllegalArgumentException(INCOMPLETE, e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a milink netprobe listen result: " + e.getOriginalMessage(), e);
        }
        if (report == null || report.listenedFor() == null || report.port() < 1) {
            throw new IllegalArgumentException(INCOMPLETE);
        }
        return report;
    }
}
