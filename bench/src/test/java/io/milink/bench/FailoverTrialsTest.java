package io.milink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The randomized planned-failover trials of {@link FailoverTrials}, reduced: a few trials in the suite
 * ({@code -Dmilink.failoverTrials=N} for more, {@code -Dmilink.failoverSeed} to replay a seed); the harness runs
 * 1,000. Whatever the lag, workload and fault, no failover completes with unequal hardened LSNs (by the link world's
 * own record) and every refusal names its gate.
 */
class FailoverTrialsTest {

    @Test
    void noFailoverCompletesWithUnequalHardenedLsnsAndEveryRefusalNamesItsGate() {
        int trials = Integer.getInteger("milink.failoverTrials", 6);
        long seed = Long.getLong("milink.failoverSeed", System.nanoTime());
        List<FailoverTrials.Trial> results = FailoverTrials.run(trials, seed, t -> { });
        assertThat(results).as("seed " + seed).hasSize(trials)
                .allSatisfy(t -> assertThat(t.violation()).as(t.toString()).isNull());
        assertThat(results).filteredOn(t -> t.outcome() == FailoverTrials.Outcome.REFUSED_BY_GATE)
                .allSatisfy(t -> assertThat(t.gate()).as(t.toString()).isNotNull());
    }

    @Test
    void aRefusalsGateIsReadFromItsText() {
        assertThat(FailoverTrials.namedGate("nothing was changed: Db001: replicating: the database is Disconnected"))
                .isEqualTo("REPLICATING");
        assertThat(FailoverTrials.namedGate("nothing was changed: SQL Server 15.0 cannot run it")).isNull();
    }
}
