package io.milink.linkmanager.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.milink.linkmanager.LinkPhase;
import io.milink.linkmanager.LinkStatus;
import io.milink.linkmanager.LinkStatus.CertificateRole;
import io.milink.linkmanager.LinkStatus.CertificateValidity;
import io.milink.linkmanager.LinkStatus.DatabaseStatus;
import io.milink.linkmanager.LinkStatus.HardenedLsns;
import io.milink.linkmanager.LinkStatus.Readiness;
import io.milink.linkmanager.LinkStatus.ReplicationModes;
import io.milink.linkmanager.LinkStatus.Seeding;
import io.milink.linkmanager.LinkStatus.Signals;

/** The tracker over hand-made statuses: one event per condition while it holds, a resolve when it clears. */
class AlertTrackerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static DatabaseStatus db(LinkPhase phase, Seeding seeding, Signals signals, String... reasons) {
        return new DatabaseStatus("Sales", "DAG_Sales", phase, null, null, "PRIMARY", "SECONDARY",
                new ReplicationModes("ASYNCHRONOUS_COMMIT", "Async"), null, null, seeding, 0L, 0L, 0L,
                new HardenedLsns(null, null), null, List.of(reasons), new Readiness(false, List.of()), signals);
    }

    private static LinkStatus at(Instant t, DatabaseStatus... dbs) {
        return new LinkStatus("SQL22", "mi-target-01", t, List.of(dbs));
    }

    private static Signals log(double percent, String wait) {
        return new Signals(null, null, null, percent, wait, List.of());
    }

    @Test
    void aConditionRaisesOnceWhileItHoldsAndResolvesWhenItClears() {
        AlertTracker tracker = new AlertTracker(AlertThresholds.DEFAULTS, List.of());
        DatabaseStatus cut = db(LinkPhase.DISCONNECTED, null, Signals.NONE, "SQL Server sees the instance's replica "
                + "DISCONNECTED");
        List<LinkEvent> first = tracker.observe(at(T0, cut));
        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("link.disconnected");
            assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(e.message()).contains("DISCONNECTED");
            assertThat(e.subject()).isEqualTo("DAG_Sales/Sales");
        });
        assertThat(tracker.observe(at(T0.plusSeconds(5), cut))).isEmpty();
        assertThat(tracker.observe(at(T0.plusSeconds(10), cut))).isEmpty();

        List<LinkEvent> back = tracker.observe(at(T0.plusSeconds(15), db(LinkPhase.REPLICATING, null, Signals.NONE)));
        assertThat(back).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("link.disconnected.resolved");
            assertThat(e.resolved()).isTrue();
            assertThat(e.severity()).isEqualTo(Severity.INFO);
            assertThat(e.dedupeKey()).isEqualTo(first.get(0).dedupeKey());
            assertThat(e.raisedAt()).isEqualTo(T0);
            assertThat(e.id()).isNotEqualTo(first.get(0).id());
        });
        assertThat(tracker.open()).isEmpty();
    }

    @Test
    void aLogThatFillsFurtherRaisesAgainAtTheHigherSeverityAndOnlyThen() {
        AlertTracker tracker = new AlertTracker(AlertThresholds.DEFAULTS, List.of());
        assertThat(tracker.observe(at(T0, db(LinkPhase.REPLICATING, null, log(79, "AVAILABILITY_REPLICA"))))).isEmpty();
        assertThat(tracker.observe(at(T0.plusSeconds(5), db(LinkPhase.REPLICATING, null,
                log(85, "LOG_BACKUP"))))).as("not the link's doing below the critical mark").isEmpty();
        assertThat(tracker.observe(at(T0.plusSeconds(10), db(LinkPhase.REPLICATING, null,
                log(85, "AVAILABILITY_REPLICA"))))).singleElement()
                .satisfies(e -> assertThat(e.severity()).isEqualTo(Severity.WARNING));
        assertThat(tracker.observe(at(T0.plusSeconds(15), db(LinkPhase.REPLICATING, null,
                log(90, "AVAILABILITY_REPLICA"))))).isEmpty();
        assertThat(tracker.observe(at(T0.plusSeconds(20), db(LinkPhase.REPLICATING, null,
                log(96, "AVAILABILITY_REPLICA"))))).singleElement().satisfies(e -> {
                    assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(e.raisedAt()).as("the condition's start").isEqualTo(T0.plusSeconds(10));
                    assertThat(e.message()).contains("96.0 % full", "AVAILABILITY_REPLICA", "9002");
                });
        assertThat(tracker.observe(at(T0.plusSeconds(25), db(LinkPhase.REPLICATING, null,
                log(85, "AVAILABILITY_REPLICA"))))).as("falling back is not news").isEmpty();
        assertThat(tracker.observe(at(T0.plusSeconds(30), db(LinkPhase.REPLICATING, null,
                log(20, "NOTHING"))))).singleElement().satisfies(e -> assertThat(e.type())
                .isEqualTo("link.log.filling.resolved"));
    }

    @Test
    void seedingWithNoProgressForTheWindowIsStalledAndProgressClearsIt() {
        AlertTracker tracker = new AlertTracker(AlertThresholds.DEFAULTS, List.of());
        Seeding stuck = new Seeding(1_000, 10_000, 0, null);
        assertThat(tracker.observe(at(T0, db(LinkPhase.SEEDING, stuck, Signals.NONE)))).isEmpty();
        assertThat(tracker.observe(at(T0.plus(Duration.ofMinutes(9)), db(LinkPhase.SEEDING, stuck, Signals.NONE))))
                .isEmpty();
        assertThat(tracker.observe(at(T0.plus(Duration.ofMinutes(10)), db(LinkPhase.SEEDING, stuck, Signals.NONE))))
                .singleElement().satisfies(e -> {
                    assertThat(e.type()).isEqualTo("link.seeding.stalled");
                    assertThat(e.message()).contains("no progress for 10 min", "1000 of 10000 bytes");
                });
        assertThat(tracker.observe(at(T0.plus(Duration.ofMinutes(11)), db(LinkPhase.SEEDING,
                new Seeding(2_000, 10_000, 100, 80L), Signals.NONE)))).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo("link.seeding.stalled.resolved"));
    }

    @Test
    void aStallIsJudgedAcrossTrackersWhenTheSeedingMemoryIsHandedOver() {
        Seeding stuck = new Seeding(1_000, 10_000, 0, null);
        AlertTracker first = new AlertTracker(AlertThresholds.DEFAULTS, List.of());
        assertThat(first.observe(at(T0, db(LinkPhase.SEEDING, stuck, Signals.NONE)))).isEmpty();
        assertThat(first.seedingProgress()).containsEntry("DAG_Sales/Sales", new SeedingProgress(1_000, T0));

        // Another reader (another replica) takes the link over with what the first remembered: the window goes on.
        AlertTracker next = new AlertTracker(AlertThresholds.DEFAULTS, List.of(), first.seedingProgress());
        assertThat(next.observe(at(T0.plus(Duration.ofMinutes(10)), db(LinkPhase.SEEDING, stuck, Signals.NONE))))
                .singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("link.seeding.stalled"));
        // Without it, the same read only starts a new window.
        AlertTracker forgetful = new AlertTracker(AlertThresholds.DEFAULTS, List.of());
        assertThat(forgetful.observe(at(T0.plus(Duration.ofMinutes(10)), db(LinkPhase.SEEDING, stuck,
                Signals.NONE)))).isEmpty();
    }

    @Test
    void seedingNearTheSixDayCancelWarnsAndIsCriticalWhenItCannotFinishInTime() {
        AlertTracker tracker = new AlertTracker(AlertThresholds.DEFAULTS, List.of());
        Instant started = T0.minus(Duration.ofDays(5)).minusSeconds(60);
        Signals signals = new Signals(started, started, null, 10.0, "NOTHING", List.of());
        List<LinkEvent> late = tracker.observe(at(T0, db(LinkPhase.SEEDING,
                new Seeding(1, 100_000_000_000L, 1000, 100_000_000L), signals)));
        assertThat(late).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("link.seeding.cancelApproaching");
            assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(e.message()).contains("6 days", "will not finish in time");
            assertThat(e.facts()).containsEntry("cancelAt", started.plus(Duration.ofDays(6)).toString());
        });

        AlertTracker onTime = new AlertTracker(AlertThresholds.DEFAULTS, List.of());
        assertThat(onTime.observe(at(T0, db(LinkPhase.SEEDING, new Seeding(1, 1_000, 1_000, 3600L), signals))))
                .singleElement().satisfies(e -> assertThat(e.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void aCertificateSeenWithEveryDatabaseIsOneConditionAndTurnsCriticalNearItsEnd() {
        AlertTracker tracker = new AlertTracker(AlertThresholds.DEFAULTS, List.of());
        CertificateValidity cert = new CertificateValidity(CertificateRole.SQL_SERVER_ENDPOINT, "Cert_SQL22_endpoint",
                T0.plus(Duration.ofDays(20)));
        Signals signals = new Signals(null, null, null, null, null, List.of(cert));
        DatabaseStatus sales = db(LinkPhase.REPLICATING, null, signals);
        DatabaseStatus hr = new DatabaseStatus("HR", "DAG_HR", LinkPhase.REPLICATING, null, null, null, null,
                new ReplicationModes(null, null), null, null, null, null, null, null, new HardenedLsns(null, null),
                null, List.of(), new Readiness(false, List.of()), signals);
        assertThat(tracker.observe(at(T0, sales, hr))).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("link.certificate.expiring");
            assertThat(e.severity()).isEqualTo(Severity.WARNING);
            assertThat(e.database()).isNull();
            assertThat(e.message()).contains("SQL Server's link certificate [Cert_SQL22_endpoint] expires on",
                    "Rotating the SQL Server link certificate");
        });
        assertThat(tracker.observe(at(T0.plus(Duration.ofDays(14)), sales, hr))).singleElement()
                .satisfies(e -> assertThat(e.severity()).isEqualTo(Severity.CRITICAL));
    }

    @Test
    void anAlertOpenBeforeARestartIsNotRaisedAgainButIsResolved() {
        AlertTracker before = new AlertTracker(AlertThresholds.DEFAULTS, List.of());
        DatabaseStatus cut = db(LinkPhase.DISCONNECTED, null, Signals.NONE, "cut");
        LinkEvent raised = before.observe(at(T0, cut)).get(0);

        AlertTracker after = new AlertTracker(AlertThresholds.DEFAULTS, List.of(new AlertTracker.OpenAlert(raised)));
        assertThat(after.observe(at(T0.plusSeconds(60), cut))).isEmpty();
        assertThat(after.observe(at(T0.plusSeconds(65), db(LinkPhase.REPLICATING, null, Signals.NONE))))
                .singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("link.disconnected.resolved"));
    }

    @Test
    void aFailedReadRaisesOnceAndTheNextGoodReadResolvesItWithoutTouchingTheOthers() {
        AlertTracker tracker = new AlertTracker(AlertThresholds.DEFAULTS, List.of());
        DatabaseStatus cut = db(LinkPhase.DISCONNECTED, null, Signals.NONE, "cut");
        tracker.observe(at(T0, cut));
        assertThat(tracker.readFailed("SQL22", "mi-target-01", "SQL Server: connection refused", T0.plusSeconds(5)))
                .singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("link.monitor.readFailed"));
        assertThat(tracker.readFailed("SQL22", "mi-target-01", "again", T0.plusSeconds(10))).isEmpty();
        assertThat(tracker.open()).hasSize(2);
        assertThat(tracker.observe(at(T0.plusSeconds(15), cut))).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo("link.monitor.readFailed.resolved"));
    }
}
