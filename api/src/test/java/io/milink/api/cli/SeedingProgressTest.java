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
        progress.report("DAG_Sales", db("Seeding", "20%"));
        progress.report("DAG_Sales", db("Seeding", "20%"));
        now[0] = now[0].plusSeconds(60);
        progress.report("DAG_Sales", db("Seeding", "40%"));
        assertThat(text.toString().split("\n")).containsExactly(
                "  DAG_Sales/Sales [####................] 20% Seeding",
                "  DAG_Sales/Sales [########............] 40% Seeding, about 3 min left");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlace() {
        StringWriter text = new StringWriter();
        SeedingProgress progress = new SeedingProgress(new PrintWriter(text), true, Instant::now);
        progress.report("DAG_Sales", db("LinkSynchronizing", "100%"));
        progress.finish();
        assertThat(text.toString()).startsWith("\r  DAG_Sales/Sales [####################] 100% LinkSynchronizing")
                .endsWith(System.lineSeparator());
    }
}
