package io.milink.linkmanager.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SpecException;

/**
 * Reads the spec's {@code alerts:} section (docs/spec.md, "Alerts"); the rest of the spec is
 * {@link io.milink.core.spec.LinkSpecLoader}'s. Every problem names the file and the field path and says what to
 * write; unknown fields are errors. A webhook's secret is only ever a reference ({@code secretEnv},
 * {@code secretFile}), never the secret.
 */
public final class AlertSettingsLoader {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> ALERTS = Set.of("thresholds", "webhooks", "retry", "queue");
    private static final Set<String> THRESHOLDS = Set.of("seedingStallWindow", "seedingCancelWarning",
            "logWarningPercent", "logCriticalPercent", "certificateWarning", "certificateCritical");
    private static final Set<String> WEBHOOK = Set.of("url", "secretEnv", "secretFile");
    private static final Set<String> RETRY = Set.of("attempts", "initialDelay", "maxDelay", "timeout");

    private AlertSettingsLoader() {
    }

    public static AlertSettings load(Path specFile) {
        String text;
        try {
            text = Files.readString(specFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException(specFile + ": cannot read the spec: " + e.getMessage());
        }
        return parse(text, specFile.toString(), specFile.toAbsolutePath().getParent());
    }

    /** @param baseDir a relative {@code secretFile} resolves against it (the spec's folder) */
    public static AlertSettings parse(String yaml, String source, Path baseDir) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new SpecException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        JsonNode alerts = root == null ? null : root.get("alerts");
        if (alerts == null || alerts.isNull()) {
            return AlertSettings.DEFAULTS;
        }
        Reader r = new Reader(source, baseDir);
        r.object(alerts, "alerts");
        r.allowOnly(alerts, "alerts.", ALERTS);
        AlertThresholds d = AlertThresholds.DEFAULTS;
        AlertThresholds thresholds = d;
        JsonNode t = alerts.get("thresholds");
        if (t != null) {
            r.object(t, "alerts.thresholds");
            r.allowOnly(t, "alerts.thresholds.", THRESHOLDS);
            try {
                thresholds = new AlertThresholds(
                        r.duration(t, "seedingStallWindow", d.seedingStallWindow(), "alerts.thresholds"),
                        r.duration(t, "seedingCancelWarning", d.seedingCancelWarning(), "alerts.thresholds"),
                        r.percent(t, "logWarningPercent", d.logWarningPercent()),
                        r.percent(t, "logCriticalPercent", d.logCriticalPercent()),
                        r.duration(t, "certificateWarning", d.certificateWarning(), "alerts.thresholds"),
                        r.duration(t, "certificateCritical", d.certificateCritical(), "alerts.thresholds"));
            } catch (IllegalArgumentException e) {
                throw r.error("alerts.thresholds: " + e.getMessage());
            }
        }
        List<AlertSettings.Webhook> webhooks = new ArrayList<>();
        JsonNode hooks = alerts.get("webhooks");
        if (hooks != null) {
            if (!hooks.isArray()) {
                throw r.error("alerts.webhooks: expected a list of {url, secretEnv | secretFile}");
            }
            for (int i = 0; i < hooks.size(); i++) {
                webhooks.add(r.webhook(hooks.get(i), "alerts.webhooks[" + i + "]"));
            }
        }
        WebhookDispatcher.Retry dr = WebhookDispatcher.Retry.DEFAULTS;
        WebhookDispatcher.Retry retry = dr;
        JsonNode rt = alerts.get("retry");
        if (rt != null) {
            r.object(rt, "alerts.retry");
            r.allowOnly(rt, "alerts.retry.", RETRY);
            int attempts = rt.has("attempts") ? r.positiveInt(rt.get("attempts"), "alerts.retry.attempts")
                    : dr.attempts();
            retry = new WebhookDispatcher.Retry(attempts,
                    r.duration(rt, "initialDelay", dr.initialDelay(), "alerts.retry"),
                    r.duration(rt, "maxDelay", dr.maxDelay(), "alerts.retry"),
                    r.duration(rt, "timeout", dr.timeout(), "alerts.retry"));
        }
        int queue = alerts.has("queue") ? r.positiveInt(alerts.get("queue"), "alerts.queue")
                : AlertSettings.DEFAULT_QUEUE;
        return new AlertSettings(thresholds, webhooks, retry, queue);
    }

    /**
     * A duration as the spec writes it: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 5d}, or ISO-8601
     * ({@code PT10M}, {@code P5D}).
     *
     * @throws IllegalArgumentException when it is none of these, or not positive
     */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.startsWith("p")) {
                d = Duration.parse(text.trim());
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                d = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            }
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("expected a positive duration such as 30s, 10m, 2h, 5d or PT10M, not "
                    + text);
        }
    }

    /** Reads a webhook's secret now: from its environment variable or file, without its trailing line break. */
    public static String resolveSecret(AlertSettings.Webhook hook, Map<String, String> environment) {
        SecretSource s = hook.secret();
        String value;
        if (s instanceof SecretSource.EnvironmentVariable env) {
            value = environment.get(env.name());
            if (value == null || value.isEmpty()) {
                throw new SpecException("the environment variable " + env.name() + " holding the secret of the webhook "
                        + shown(hook.url()) + " is not set; export it before running milink");
            }
            return value;
        }
        SecretSource.File file = (SecretSource.File) s;
        try {
            value = Files.readString(file.path(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new SpecException("cannot read the secret file " + file.path() + " of the webhook "
                    + shown(hook.url()) + ": " + e.getMessage() + "; check the path and that milink may read it");
        }
        if (value.isEmpty()) {
            throw new SpecException("the secret file " + file.path() + " of the webhook " + shown(hook.url())
                    + " is empty");
        }
        return value;
    }

    private static String shown(URI url) {
        return new WebhookDispatcher.Endpoint(url, new byte[0]).shown();
    }

    private static final class Reader {
        private final String source;
        private final Path baseDir;

        Reader(String source, Path baseDir) {
            this.source = source;
            this.baseDir = baseDir;
        }

        SpecException error(String message) {
            return new SpecException(source + ": " + message);
        }

        void object(JsonNode node, String path) {
            if (!node.isObject()) {
                throw error(path + ": expected a mapping");
            }
        }

        void allowOnly(JsonNode node, String prefix, Set<String> allowed) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    throw error(prefix + name + ": unknown field; allowed here: "
                            + String.join(", ", new TreeSet<>(allowed)));
                }
            }
        }

        Duration duration(JsonNode node, String field, Duration fallback, String path) {
            JsonNode v = node.get(field);
            if (v == null) {
                return fallback;
            }
            try {
                return AlertSettingsLoader.duration(v.asText());
            } catch (IllegalArgumentException e) {
                throw error(path + "." + field + ": " + e.getMessage());
            }
        }

        double percent(JsonNode node, String field, double fallback) {
            JsonNode v = node.get(field);
            if (v == null) {
                return fallback;
            }
            if (!v.isNumber() || v.asDouble() <= 0 || v.asDouble() > 100) {
                throw error("alerts.thresholds." + field + ": expected a percentage above 0 and up to 100, such as 80");
            }
            return v.asDouble();
        }

        int positiveInt(JsonNode v, String path) {
            if (!v.isIntegralNumber() || v.asInt() < 1) {
                throw error(path + ": expected a whole number of 1 or more");
            }
            return v.asInt();
        }

        AlertSettings.Webhook webhook(JsonNode node, String path) {
            object(node, path);
            allowOnly(node, path + ".", WEBHOOK);
            JsonNode u = node.get("url");
            if (u == null || !u.isTextual()) {
                throw error(path + ".url: required: the address to post events to, https://…");
            }
            URI url;
            try {
                url = new URI(u.asText());
            } catch (URISyntaxException e) {
                throw error(path + ".url: not a valid address");
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
                throw error(path + ".url: expected an https:// (or http://) address with a host");
            }
            boolean env = node.has("secretEnv");
            boolean file = node.has("secretFile");
            if (env == file) {
                throw error(path + ": give the signing secret's place as secretEnv (an environment variable) or "
                        + "secretFile (a file), one of them; never the secret itself");
            }
            SecretSource secret = env ? new SecretSource.EnvironmentVariable(node.get("secretEnv").asText())
                    : new SecretSource.File(baseDir == null ? Path.of(node.get("secretFile").asText())
                    : baseDir.resolve(node.get("secretFile").asText()));
            return new AlertSettings.Webhook(url, secret);
        }
    }
}
