package io.milink.api.service.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.json.schema.JsonSchema;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A quick yes for the simple schemas parameters have ({@code {type: string, pattern: ..., maxLength: ...}},
 * {@code {type: integer, minimum: 1, maximum: 500}}, a string enum): true only for a value the general JSON Schema
 * validator accepts too. The general validator interprets the whole schema on every call and compiles its pattern
 * anew each time; this compiles the pattern once. It never says no: a value it does not vouch for goes to the general
 * validator, which decides and words the refusal, so what is refused, and how, is unchanged. A schema with any keyword
 * beyond these gets no quick check at all ({@link #of} is empty).
 */
final class SimpleSchemaCheck {

    /** Keywords that describe and constrain nothing a value is checked against. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "default", "title", "example", "examples",
            "deprecated", "$comment");
    private static final Set<String> UNDERSTOOD = Set.of("type", "pattern", "minLength", "maxLength", "enum",
            "minimum", "maximum");

    private final String type;
    private final Pattern pattern;
    private final Integer minLength;
    private final Integer maxLength;
    private final Set<String> enumeration;
    private final Long minimum;
    private final Long maximum;

    private SimpleSchemaCheck(String type, Pattern pattern, Integer minLength, Integer maxLength,
                              Set<String> enumeration, Long minimum, Long maximum) {
        this.type = type;
        this.pattern = pattern;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.enumeration = enumeration;
        this.minimum = minimum;
        this.maximum = maximum;
    }

    /** The quick check of {@code schema}; empty when the schema says anything this class does not understand. */
    static Optional<SimpleSchemaCheck> of(JsonSchema schema) {
        for (String key : schema.fieldNames()) {
            if (!UNDERSTOOD.contains(key) && !ANNOTATIONS.contains(key)) {
                return Optional.empty();
            }
        }
        Object type = schema.get("type");
        if (!"string".equals(type) && !"integer".equals(type)) {
            return Optional.empty();
        }
        boolean string = type.equals("string");
        Object pattern = schema.get("pattern");
        Object minLength = schema.get("minLength");
        Object maxLength = schema.get("maxLength");
        Object enumeration = schema.get("enum");
        Object minimum = schema.get("minimum");
        Object maximum = schema.get("maximum");
        if (string && (minimum != null || maximum != null)
                || !string && (pattern != null || minLength != null || maxLength != null || enumeration != null)
                || pattern != null && !(pattern instanceof String)
                || minLength != null && !(minLength instanceof Integer)
                || maxLength != null && !(maxLength instanceof Integer)
                || minimum != null && !(minimum instanceof Integer || minimum instanceof Long)
                || maximum != null && !(maximum instanceof Integer || maximum instanceof Long)
                || enumeration != null && !stringsOnly(enumeration)) {
            return Optional.empty();
        }
        return Optional.of(new SimpleSchemaCheck((String) type,
                pattern == null ? null : Pattern.compile((String) pattern),
                (Integer) minLength, (Integer) maxLength,
                enumeration == null ? null : Set.copyOf(strings(enumeration)),
                minimum == null ? null : ((Number) minimum).longValue(),
                maximum == null ? null : ((Number) maximum).longValue()));
    }

    private static boolean stringsOnly(Object enumeration) {
        return enumeration instanceof JsonArray array && !array.isEmpty()
                && array.stream().allMatch(v -> v instanceof String);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object enumeration) {
        return (List<String>) (List<?>) ((JsonArray) enumeration).getList();
    }

    /** True when the value certainly satisfies the schema; false when the general validator must decide. */
    boolean accepts(Object value) {
        if (type.equals("string")) {
            if (!(value instanceof String text)) {
                return false;
            }
            // JSON Schema counts characters (code points); a string's length counts UTF-16 units, never fewer, so a
            // length within both bounds either way is within them whichever way the general validator counts.
            if (minLength != null && text.codePointCount(0, text.length()) < minLength
                    || maxLength != null && text.length() > maxLength) {
                return false;
            }
            // JSON Schema's pattern is unanchored: it must match somewhere, as Matcher.find does.
            return (pattern == null || pattern.matcher(text).find())
                    && (enumeration == null || enumeration.contains(text));
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            return false;
        }
        long number = ((Number) value).longValue();
        return (minimum == null || number >= minimum) && (maximum == null || number <= maximum);
    }
}
