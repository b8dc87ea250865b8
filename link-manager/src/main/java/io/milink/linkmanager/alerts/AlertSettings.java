package io.milink.linkmanager.alerts;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import io.milink.core.spec.SecretSource;

/**
 * The spec's {@code alerts:} section (docs/spec.md, "Alerts"): thresholds, webhooks and how deliveries are retried.
 * Holds no secret: each webhook names where its shared secret is read from.
 *
 * @param queue deliveries waiting at most; more are dropped (and journaled as dropped)
 */
public record AlertSettings(AlertThresholds thresholds, List<Webhook> webhooks, WebhookDispatcher.Retry retry,
                            int queue) {

    public static final int DEFAULT_QUEUE = 1000;
    public static final AlertSettings DEFAULTS = new AlertSettings(AlertThresholds.DEFAULTS, List.of(),
            WebhookDispatcher.Retry.DEFAULTS, DEFAULT_QUEUE);

    public AlertSettings {
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(retry, "retry");
        webhooks = List.copyOf(webhooks);
    }

    /** One webhook: where to post, and where its signing secret is. */
    public record Webhook(URI url, SecretSource secret) {
        public Webhook {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(secret, "secret");
        }
    }
}
