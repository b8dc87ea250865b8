package io.milink.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** On the embedded H2 file and on PostgreSQL alike. */
@ParameterizedClass
@EnumSource(JournalDatabase.class)
class JournalAlertsTest {

    @Parameter
    JournalDatabase database;

    private static final String SCOPE = "sql22.contoso.local:1433 -> mi-target-01";
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;
    private Journal journal;
    private JournalAlerts alerts;

    @BeforeEach
    void open() {
        journal = database.openFresh(dir);
        alerts = new JournalAlerts(journal);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private static JournalAlerts.AlertEvent event(String id, String scope, String severity, boolean resolved,
                                                  Instant at) {
        return new JournalAlerts.AlertEvent(id, scope, "link.disconnected|SQL22|mi|DAG_Sales/Sales",
                resolved ? "link.disconnected.resolved" : "link.disconnected", severity, resolved, "SQL22", "mi",
                "DAG_Sales", "Sales", "DAG_Sales/Sales", "Sales does not replicate", at, T0, "{}");
    }

    @Test
    void aRaiseIsOpenUntilItsResolveAndEveryEventIsKept() {
        alerts.record(event("e1", SCOPE, "warning", false, T0));
        assertThat(alerts.open(SCOPE)).extracting(JournalAlerts.AlertEvent::id).containsExactly("e1");
        alerts.record(event("e2", SCOPE, "critical", false, T0.plusSeconds(5)));
        assertThat(alerts.open(SCOPE)).as("an escalation replaces the open raise")
                .extracting(JournalAlerts.AlertEvent::id).containsExactly("e2");
        alerts.record(event("e3", SCOPE, "info", true, T0.plusSeconds(10)));
        assertThat(alerts.open(SCOPE)).isEmpty();
        assertThat(alerts.events(SCOPE)).extracting(JournalAlerts.AlertEvent::id).containsExactly("e1", "e2", "e3");
        assertThat(alerts.events(SCOPE).get(2).raisedAt()).isEqualTo(T0);
    }

    @Test
    void anotherPairsAlertsAreNotThisOnesAndRecordingTwiceIsANoOp() {
        alerts.record(event("e1", SCOPE, "warning", false, T0));
        alerts.record(event("e1", SCOPE, "warning", false, T0));
        alerts.record(event("x1", "other -> pair", "warning", false, T0));
        assertThat(alerts.open(SCOPE)).extracting(JournalAlerts.AlertEvent::id).containsExactly("e1");
        assertThat(alerts.events(SCOPE)).hasSize(1);
    }

    @Test
    void aDeliveryOutcomeIsKeptPerEvent() {
        alerts.record(event("e1", SCOPE, "warning", false, T0));
        alerts.recordDelivery(new JournalAlerts.Delivery("e1", "https://hooks.example/milink", "FAILED", 8, 503,
                "HTTP 503 (gave up after 8 tries)", T0.plusSeconds(60)));
        alerts.recordDelivery(new JournalAlerts.Delivery("e1", "https://hooks.example/milink", "DELIVERED", 1, 200,
                null, T0.plusSeconds(70)));
        assertThat(alerts.deliveries("e1")).extracting(JournalAlerts.Delivery::outcome, JournalAlerts.Delivery::statusCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("FAILED", 503),
                        org.assertj.core.groups.Tuple.tuple("DELIVERED", 200));
    }
}
