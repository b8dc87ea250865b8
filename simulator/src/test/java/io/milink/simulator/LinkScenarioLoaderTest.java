package io.milink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.link.LinkFault;
import io.milink.simulator.link.LinkSettings;
import io.milink.simulator.sqlserver.scenario.ScenarioException;

class LinkScenarioLoaderTest {

    @Test
    void readsRatesWithDecimalsAndEveryKindOfFault() {
        LinkScenarioLoader.LinkScenario s = LinkScenarioLoader.load("""
                link:
                  seedingMbPerSecond: 12.5
                  workloadLogMbPerSecond: 0
                  networkLatencyMs: 35
                  faults:
                    - { kind: partition, at: PT10M, for: PT5M }
                    - { kind: seedingFailure, at: PT1M, database: Sales, message: "disk full on the instance" }
                    - { kind: logFull, at: PT2H }
                    - { kind: managedInstanceRestart, at: PT30M, for: PT2M }
                    - { kind: armOperationFails, method: PUT, code: OperationTimedOut }
                    - { kind: armOperationSlow, method: DELETE, delay: PT20M }
                """, "t.yaml");
        LinkSettings settings = s.settings();
        assertThat(settings.seedingBytesPerSecond()).isEqualTo(Math.round(12.5 * LinkSettings.MB));
        assertThat(settings.workloadBytesPerSecond()).isZero();
        assertThat(settings.networkLatency()).isEqualTo(Duration.ofMillis(35));
        assertThat(settings.faults()).extracting(LinkFault::kind).containsExactly(LinkFault.Kind.PARTITION,
                LinkFault.Kind.SEEDING_FAILURE, LinkFault.Kind.LOG_FULL, LinkFault.Kind.MANAGED_INSTANCE_RESTART);
        assertThat(settings.faults().get(0).duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.faults().get(1).message()).isEqualTo("disk full on the instance");
        assertThat(s.armFaults()).extracting(ArmFaultPlan.RouteFault::kind)
                .containsExactly(ArmFaultPlan.Kind.FAIL_OPERATION, ArmFaultPlan.Kind.SLOW_OPERATION);
        assertThat(s.armFaults().get(1).retryAfter()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void readsWhenTheInstancesFirstFullBackupFinishes() {
        assertThat(LinkScenarioLoader.load("link: { instanceFirstFullBackupAfter: PT2H }", "t.yaml").settings()
                .instanceFirstFullBackupAfter()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(LinkSettings.DEFAULTS.instanceFirstFullBackupAfter()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThatThrownBy(() -> LinkScenarioLoader.load("link: { instanceFirstFullBackupAfter: soon }", "t.yaml"))
                .hasMessageContaining("link.instanceFirstFullBackupAfter: expected an ISO-8601 duration");
    }

    @Test
    void aScenarioWithoutTheSectionGetsTheDefaults() {
        assertThat(LinkScenarioLoader.load("sqlServer: {}\n", "t.yaml").settings()).isEqualTo(LinkSettings.DEFAULTS);
    }

    @Test
    void mistakesNameTheFieldAndSayWhatIsAllowedWithoutQuotingTheValue() {
        assertThatThrownBy(() -> LinkScenarioLoader.load("link: { seedingMbps: 3 }", "t.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("t.yaml: link: unknown field 'seedingMbps'; allowed: existing, faults, "
                        + "instanceFirstFullBackupAfter, networkLatencyMs, redoMbPerSecond, seedingMbPerSecond, "
                        + "workloadLogMbPerSecond");
        assertThatThrownBy(() -> LinkScenarioLoader.load("link: { faults: [ { kind: partition, at: 'secret-ish' } ] }",
                "t.yaml")).hasMessage("t.yaml: link.faults[0].at: expected an ISO-8601 duration of simulated time such"
                + " as PT10M, PT90S or P6D");
        assertThatThrownBy(() -> LinkScenarioLoader.load("link: { faults: [ { kind: meteor, at: PT1M } ] }", "t.yaml"))
                .hasMessageStartingWith("t.yaml: link.faults[0].kind: expected one of armOperationFails,");
        assertThatThrownBy(() -> LinkScenarioLoader.load("link: { seedingMbPerSecond: 0 }", "t.yaml"))
                .hasMessageContaining("link.seedingMbPerSecond: expected a number of megabytes per second > 0");
    }
}
