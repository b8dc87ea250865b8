package io.milink.netprobe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON form of a {@link ProbeReport}, the documented contract of docs/network.md:
 * {@code {"host", "addresses", "ports": [{"port", "verdict", "millis"}], "summary"}}. Readers ignore unknown
 * fields, so the summary can grow without breaking saved results.
 */
public final class ProbeJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ProbeJson() {
    }

    public static String write(ProbeReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a probe report", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a probe report */
    public static ProbeReport read(String json) {
        try {
            return MAPPER.readValue(json, ProbeReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a milink netprobe report: " + e.getOriginalMessage(), e);
        }
    }
}
