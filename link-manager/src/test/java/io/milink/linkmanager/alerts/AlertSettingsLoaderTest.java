package io.milink.linkmanager.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SpecException;

class AlertSettingsLoaderTest {

    private static final Path BASE = Path.of("/specs");

    private static AlertSettings parse(String alerts) {
        return AlertSettingsLoader.parse("sqlServer: {host: x}\n" + alerts, "s.yaml", BASE);
    }

    @Test
    void noSectionMeansTheDefaultsAndNoWebhook() {
        assertThat(parse("")).isEqualTo(AlertSettings.DEFAULTS);
    }

    @Test
    void thresholdsWebhooksAndRetryAreReadWithTheirUnits() {
        AlertSettings s = parse("""
                alerts:
                  thresholds: { seedingStallWindow: 15m, seedingCancelWarning: P4D, logWarningPercent: 70,
                                certificateWarning: 60d }
                  webhooks:
                    - { url: "https://hooks.example.com/milink", secretEnv: HOOK_SECRET }
                    - { url: "http://127.0.0.1:8080/x", secretFile: secrets/hook }
                  retry: { attempts: 3, initialDelay: 500ms, maxDelay: 1m, timeout: 5s }
                  queue: 10
                """);
        assertThat(s.thresholds().seedingStallWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.thresholds().seedingCancelWarning()).isEqualTo(Duration.ofDays(4));
        assertThat(s.thresholds().logWarningPercent()).isEqualTo(70);
        assertThat(s.thresholds().logCriticalPercent()).as("default").isEqualTo(95);
        assertThat(s.thresholds().certificateWarning()).isEqualTo(Duration.ofDays(60));
        assertThat(s.webhooks()).extracting(AlertSettings.Webhook::secret).containsExactly(
                new SecretSource.EnvironmentVariable("HOOK_SECRET"), new SecretSource.File(BASE.resolve("secrets/hook")));
        assertThat(s.retry()).isEqualTo(new WebhookDispatcher.Retry(3, Duration.ofMillis(500), Duration.ofMinutes(1),
                Duration.ofSeconds(5)));
        assertThat(s.queue()).isEqualTo(10);
    }

    @Test
    void aSecretWrittenInTheSpecAnUnknownFieldAndImpossibleThresholdsAreRefusedByPath() {
        assertThatThrownBy(() -> parse("alerts:\n  webhooks: [{url: 'https://h/x', secret: hunter2}]\n"))
                .isInstanceOf(SpecException.class)
                .hasMessage("s.yaml: alerts.webhooks[0].secret: unknown field; allowed here: secretEnv, secretFile, url");
        assertThatThrownBy(() -> parse("alerts:\n  webhooks: [{url: 'https://h/x'}]\n"))
                .hasMessageContaining("alerts.webhooks[0]: give the signing secret's place as secretEnv");
        assertThatThrownBy(() -> parse("alerts:\n  webhooks: [{url: 'ftp://h/x', secretEnv: S}]\n"))
                .hasMessageContaining("alerts.webhooks[0].url: expected an https://");
        assertThatThrownBy(() -> parse("alerts:\n  thresholds: {seedingCancelWarning: 6d}\n"))
                .hasMessageContaining("alerts.thresholds: seedingCancelWarning must be shorter than the 6 days");
        assertThatThrownBy(() -> parse("alerts:\n  thresholds: {logWarningPercent: 96}\n"))
                .hasMessageContaining("logWarningPercent <= logCriticalPercent");
        assertThatThrownBy(() -> parse("alerts:\n  thresholds: {seedingStallWindow: soon}\n"))
                .hasMessage("s.yaml: alerts.thresholds.seedingStallWindow: expected a positive duration such as 30s, "
                        + "10m, 2h, 5d or PT10M, not soon");
    }

    @Test
    void aSecretIsReadFromItsEnvironmentVariableAndAMissingOneSaysWhichWebhookNeedsIt() {
        AlertSettings.Webhook hook = new AlertSettings.Webhook(java.net.URI.create("https://u:p@h/x?token=t"),
                new SecretSource.EnvironmentVariable("HOOK_SECRET"));
        assertThat(AlertSettingsLoader.resolveSecret(hook, Map.of("HOOK_SECRET", "s3"))).isEqualTo("s3");
        assertThatThrownBy(() -> AlertSettingsLoader.resolveSecret(hook, Map.of()))
                .hasMessage("the environment variable HOOK_SECRET holding the secret of the webhook https://h/x is not "
                        + "set; export it before running milink");
    }

    @Test
    void theAlertsExamplesInDocsSpecMdLoad() throws Exception {
        String doc = java.nio.file.Files.readString(Path.of("..", "docs", "spec.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```yaml\n(alerts:.*?)```",
                java.util.regex.Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("the Alerts section's example").isTrue();
        AlertSettings s = parse(m.group(1));
        assertThat(s.webhooks()).hasSize(2);
        assertThat(s.thresholds().seedingStallWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.retry().attempts()).isEqualTo(5);
    }
}
