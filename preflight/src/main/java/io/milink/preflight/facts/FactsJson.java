package io.milink.preflight.facts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.milink.preflight.PreflightJson;

/** The facts file ({@code --facts-out}, {@code --facts}): Facts as JSON, so a report can be recomputed offline. */
public final class FactsJson {

    private static final ObjectMapper MAPPER = PreflightJson.mapper();

    private FactsJson() {
    }

    public static String write(Facts facts) {
        try {
            return MAPPER.writeValueAsString(facts) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write facts as JSON", e);
        }
    }

    /**
     * @throws IllegalArgumentException saying what is wrong when the text is not a facts file this milink reads
     */
    public static Facts read(String json) {
        Facts facts;
        try {
            facts = MAPPER.readValue(json, Facts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a milink facts file (JSON): " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a complete milink facts file: " + e.getMessage(), e);
        }
        if (facts.schemaVersion() > Facts.SCHEMA_VERSION) {
            throw new IllegalArgumentException("the facts file has schema version " + facts.schemaVersion()
                    + "; this milink reads up to " + Facts.SCHEMA_VERSION + ". Use a newer milink.");
        }
        return facts;
    }
}
