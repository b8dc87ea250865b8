package io.milink.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.milink.core.azure.DistributedAvailabilityGroup;

class SeedingProgressTest {

    private static DistributedAvailabilityGroup.LinkDatabase db(String state, String progress) {
        return new DistributedAvailabilityGroup.LinkDatabase("Sales", null, null, state, progress, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aBarWithPercentAndAnEtaFromTheProgressSinceTheFirstPollOneLinePerChangeWithoutATerminal() {
        StringWriter text = new StringWriter();
        Instant[] now = {Instant.parse("2026-12-07T00:00:00Z")};
        SeedingProgress progress = new SeedingProgress(new PrintWriter(text), false, () -> now[0]);
        progress.report("DAG_Sales", db("Seeding", "20%"), null);
        progress.report("DAG_Sales", db("Seeding", "20%"), null);
        now[0] = now[0].plusSeconds(60);
        progress.report("DAG_Sales", db("Seeding", "40%"), null);
        assertThat(text.toString().split("\n")).containsExactly(
                "  DAG_Sales/Sales [####................] 20% Seeding",
                "  DAG_Sales/Sales [########............] 40% Seeding, about 3 min left");
    }

    @Test
    void withSqlServersSeedingNumbersTheLineShowsThroughputBytesAndAByteBasedEta() {
        StringWriter text = new StringWriter();
        Instant[] now = {Instant.parse("2026-12-07T00:00:00Z")};
        SeedingProgress progress = new SeedingProgress(new PrintWriter(text), false, () -> now[0]);
        long gib = 1024L * 1024 * 1024;
        progress.report("DAG_Sales", db("Seeding", "10%"),
                new io.milink.linkmanager.SeedingTransfer("Sales", gib, 10 * gib, 50L * 1024 * 1024));
        now[0] = now[0].plusSeconds(100);
        // 2 GiB more in 100 s: 7 GiB left at that pace is 350 s, whatever the percentage says.
        progress.report("DAG_Sales", db("Seeding", "30%"),
                new io.milink.linkmanager.SeedingTransfer("Sales", 3 * gib, 10 * gib, 20L * 1024 * 1024));
        assertThat(text.toString().split("\n")).containsExactly(
                "  DAG_Sales/Sales [##..................] 10% Seeding, 50.0 MB/s, 1.0 GB of 10.0 GB",
                "  DAG_Sales/Sales [######..............] 30% Seeding, 20.0 MB/s, 3.0 GB of 10.0 GB, about 5 min left");
    }

    @Test
    void onATerminalEachDatabaseKeepsItsLineAndAllAreRedrawnInPlace() {
        StringWriter text = new StringWriter();
        SeedingProgress progress = new SeedingProgress(new PrintWriter(text), true, Instant::now);
        progress.report("DAG_Sales", db("Seeding", "40%"), null);
        progress.report("DAG_Inventory", inventory("Seeding", "10%"), null);
        progress.report("DAG_Sales", db("LinkSynchronizing", "100%"), null);
        progress.finish();
        String clear = "\033[2K";
        assertThat(text.toString()).isEqualTo(
                clear + "  DAG_Sales/Sales [########............] 40% Seeding\n"
                + "\033[1F" + clear + "  DAG_Sales/Sales [########............] 40% Seeding\n"
                + clear + "  DAG_Inventory/Inventory [##..................] 10% Seeding\n"
                + "\033[2F" + clear + "  DAG_Sales/Sales [####################] 100% LinkSynchronizing\n"
                + clear + "  DAG_Inventory/Inventory [##..................] 10% Seeding\n");
    }

    private static DistributedAvailabilityGroup.LinkDatabase inventory(String state, String progress) {
        return new DistributedAvailabilityGroup.LinkDatabase("Inventory", null, null, state, progress, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
