package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.milink.core.azure.DistributedAvailabilityGroup;

/**
 * Randomized trials: links with random workloads, redo rates and latencies, failed over with random settle times and
 * timeouts. Whatever happens, no failover completes with unequal hardened LSNs, and a run that stops changes no
 * role. The suite runs a few trials; {@code -Dmilink.failoverTrials=N} runs more (and {@code -Dmilink.failoverSeed}
 * replays one seed).
 */
class PlannedFailoverTrialsTest {

    @Test
    void noFailoverCompletesWithUnequalHardenedLsns() throws Exception {
        int trials = Integer.getInteger("milink.failoverTrials", 4);
        long seed = Long.getLong("milink.failoverSeed", System.nanoTime());
        Random random = new Random(seed);
        int completed = 0;
        int unequal = 0;
        int stopped = 0;
        for (int i = 0; i < trials; i++) {
            int workload = random.nextInt(30);
            int redo = 1 + random.nextInt(60);
            int latencyMs = random.nextInt(200);
            Duration settle = Duration.ofSeconds(random.nextInt(10));
            Duration timeout = Duration.ofSeconds(5 + random.nextInt(120));
            String trial = "seed " + seed + " trial " + i + ": workload " + workload + " MB/s, redo " + redo
                    + " MB/s, latency " + latencyMs + " ms, settle " + settle + ", timeout " + timeout;
            try (TwinLink twin = new TwinLink(PlannedFailoverOnTwinsTest.withLink("  workloadLogMbPerSecond: "
                    + workload + "\n  redoMbPerSecond: " + redo + "\n  networkLatencyMs: " + latencyMs + "\n"))) {
                LinkEngine.create(twin.session, random.nextBoolean() ? TwinLink::sales : TwinLink::salesSync,
                        new UnjournaledRun(), LinkEngine.Progress.SILENT);
                twin.clock.advance(Duration.ofMinutes(5));
                try {
                    PlannedFailover.Result r = PlannedFailoverOnTwinsTest.failover(twin).run(twin.session,
                            PlannedFailoverOnTwinsTest.SALES, new PlannedFailover.Options(timeout, settle,
                                    Duration.ofSeconds(1), null), PlannedFailover.Progress.SILENT);
                    completed++;
                    LinkStatus.HardenedLsns lsns = r.lsnsAtFailover().get("Sales");
                    if (!FailoverGates.sameLsn(lsns.sqlServer(), lsns.managedInstance())) {
                        unequal++;
                    }
                    assertThat(PlannedFailoverOnTwinsTest.sqlServerRoleAndMode(twin)).as(trial)
                            .startsWith("SECONDARY ");
                    assertThat(twin.session.arm().links().get("DAG_Sales").map(
                            DistributedAvailabilityGroup::instanceLinkRole).orElseThrow()).as(trial)
                            .isEqualToIgnoringCase("Primary");
                } catch (PlannedFailover.GateTimeoutException e) {
                    stopped++;
                    assertThat(PlannedFailoverOnTwinsTest.sqlServerRoleAndMode(twin)).as(trial + ": " + e.getMessage())
                            .startsWith("PRIMARY ");
                }
            }
        }
        assertThat(unequal).as("failovers completed with unequal hardened LSNs (seed " + seed + ")").isZero();
        assertThat(completed + stopped).isEqualTo(trials);
    }
}
