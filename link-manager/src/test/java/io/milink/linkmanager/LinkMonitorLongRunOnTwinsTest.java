package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.milink.linkmanager.alerts.AlertThresholds;
import io.milink.linkmanager.alerts.LinkEvent;
import io.milink.linkmanager.alerts.LinkMonitor;
import io.milink.linkmanager.alerts.Severity;
import io.milink.simulator.BuiltInScenarios;

/**
 * The link monitor over the twins' longer stories: the instance restarting, seeding that will not finish before the
 * six-day cancel, a certificate near its end, and a monitor restarted while an alert is open.
 */
class LinkMonitorLongRunOnTwinsTest {

    @TempDir
    Path dir;

    private static String withLink(String linkSection) {
        return BuiltInScenarios.yaml("ready-2022") + "\nlink:\n" + linkSection;
    }

    private static List<LinkEvent> ofType(List<LinkEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    @Test
    void anInstanceRestartDisconnectsTheLinkOnceAndAMonitorRestartedMeanwhileDoesNotRaiseItAgain() throws Exception {
        TwinLink twin = new TwinLink(withLink("  faults:\n"
                + "    - { kind: managedInstanceRestart, at: PT10M, for: PT5M }\n"));
        try (MonitorTwin m = new MonitorTwin(twin, dir, AlertThresholds.DEFAULTS)) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            assertThat(m.pollFor(Duration.ofMinutes(9), Duration.ofMinutes(3))).isEmpty();
            List<LinkEvent> down = m.pollFor(Duration.ofMinutes(2), Duration.ofMinutes(1));
            LinkStatus.DatabaseStatus sales = m.poll().status().databases().get(0);
            assertThat(sales.phase()).isEqualTo(LinkPhase.DISCONNECTED);
            assertThat(sales.reasons()).anySatisfy(r -> assertThat(r).contains("DISCONNECTED"));
            assertThat(ofType(down, "link.disconnected")).singleElement().satisfies(e -> {
                assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(e.message()).contains("The managed instance is not available.");
            });

            // The monitor stops and starts again while the instance is still down: the journal says it is open.
            LinkMonitor restarted = m.monitor(AlertThresholds.DEFAULTS);
            assertThat(restarted.open()).extracting(a -> a.event().type()).contains("link.disconnected");
            twin.clock.advance(Duration.ofMinutes(1));
            assertThat(restarted.poll(twin.session, "SQL22", "mi-target-01").events()).extracting(LinkEvent::type)
                    .doesNotContain("link.disconnected");

            twin.clock.advance(Duration.ofMinutes(10));
            assertThat(restarted.poll(twin.session, "SQL22", "mi-target-01").events()).extracting(LinkEvent::type)
                    .contains("link.disconnected.resolved");
        }
    }

    @Test
    void seedingThatCannotFinishBeforeTheSixDayCancelIsCriticalFiveDaysIn() throws Exception {
        // 2 GB at 2 KB/s would take 12 days.
        TwinLink twin = new TwinLink(withLink("  seedingMbPerSecond: 0.002\n"));
        try (MonitorTwin m = new MonitorTwin(twin, dir, AlertThresholds.DEFAULTS)) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            assertThat(m.pollFor(Duration.ofDays(4), Duration.ofDays(2))).isEmpty();
            List<LinkEvent> late = m.pollFor(Duration.ofDays(1).plusHours(2), Duration.ofHours(13));
            assertThat(m.poll().status().databases().get(0).phase()).isEqualTo(LinkPhase.SEEDING);
            assertThat(late).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("link.seeding.cancelApproaching");
                assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(e.message()).contains("6 days", "will not finish in time");
            });
        }
    }

    @Test
    void sqlServersLinkCertificateTwentyDaysFromItsEndIsAWarningWithTheRotation() throws Exception {
        TwinLink twin = TwinLink.ready2022();
        try (MonitorTwin m = new MonitorTwin(twin, dir, AlertThresholds.DEFAULTS)) {
            LinkEngine.create(twin.session, sql -> {
                DesiredLink d = TwinLink.sales(sql);
                return new DesiredLink(d.certificateName(), LocalDate.now().plusDays(20), d.endpointName(),
                        d.endpointPort(), d.endpointUrl(), d.synchronousCommit(), d.failoverModeManual(),
                        d.masterKeyPassword(), d.databases());
            }, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            List<LinkEvent> events = m.pollFor(Duration.ofMinutes(10), Duration.ofMinutes(5));
            LinkStatus.DatabaseStatus sales = m.poll().status().databases().get(0);
            assertThat(sales.phase()).isEqualTo(LinkPhase.REPLICATING);
            assertThat(sales.healthy()).as("a certificate about to expire is said against it").isFalse();
            assertThat(sales.reasons()).anySatisfy(r -> assertThat(r).startsWith("SQL Server's link certificate [")
                    .contains("within 30 days"));
            assertThat(ofType(events, "link.certificate.expiring")).anySatisfy(e -> {
                assertThat(e.severity()).isEqualTo(Severity.WARNING);
                assertThat(e.subject()).startsWith("sqlServerEndpoint/");
                assertThat(e.message()).contains("Rotating the SQL Server link certificate");
            });
            assertThat(m.pollFor(Duration.ofMinutes(10), Duration.ofMinutes(5))).as("raised once").isEmpty();
        }
    }
}
