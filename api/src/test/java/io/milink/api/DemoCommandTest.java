package io.milink.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * milink demo as a user runs it, in-process: the link's whole life on the ready-2022 twins, each step checked by
 * what the real commands printed.
 */
class DemoCommandTest {

    @Test
    void theDemoRehearsesTheLinksWholeLifeAndEveryStepDoesWhatItShould() {
        // How long it takes ("under a minute") is measured by bench/StartupBench (demo=on), not asserted here: a
        // wall-time bound fails on a busy machine without saying anything about the demo.
        CliRun run = CliRun.of("demo");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        String out = run.out();
        assertThat(out).containsSubsequence(
                "1. Readiness: milink preflight --spec link.yaml", "READY",
                "2. Plan: milink link plan --spec link.yaml", "CREATE CERTIFICATE", "+ availability group [AG_Sales] holding [Sales]",
                "+ link DAG_Inventory on the instance", "to create",
                "3. Create: milink link create --spec link.yaml", "virtual clock makes", "seeding fast",
                "Preflight: no blocking finding", "accepted by Azure, waiting ... done", "Seeding finished: the link replicates.",
                "4. Status: milink link status --spec link.yaml", "Replicating",
                "5. Planned failover:", "FAILOVER on SQL Server 2022", "> Waiting for LSN parity",
                "Failed over (T-SQL FAILOVER on SQL Server)",
                "6. Fail back:", "{\"failoverType\":\"Planned\"}", "> Failing over (Azure failover, type Planned)",
                "passed: SQL Server PRIMARY, instance SECONDARY", "Failed over (Azure planned failover)",
                "7. Remove: milink link delete --spec link.yaml --yes", "DROP AVAILABILITY GROUP [DAG_Sales]", "Removed.",
                "Links between SQL Server SQL22 and managed instance mi-target-01: none found.",
                "Every step did what it should");
        assertThat(out).as("the twins' password").doesNotContain("Twin-Passw0rd!");
    }

    @Test
    void onlyAnUnknownPartIsRefused() {
        CliRun run = CliRun.of("demo", "--only", "create");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--only: expected preflight, not create");
    }
}
