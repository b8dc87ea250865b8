package io.milink.api.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.linkmanager.alerts.SeedingProgress;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The link monitors' schedule and memory without a database: when a link is read next, how often the replicas look
 * for due reads and sweep, and what a read hands the next (whichever replica makes it).
 */
class LinkMonitorTasksTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void theNextReadKeepsToTheScheduleButNeverComesSoonerThanHalfAnIntervalAfterThisOne() {
        Duration interval = Duration.ofSeconds(10);
        // On time: an interval after the planned read, however long this one took.
        assertThat(LinkMonitorTasks.nextRead(T0, T0.plusSeconds(3), interval)).isEqualTo(T0.plusSeconds(10));
        // Late by more than half an interval (a backlog): half an interval from now, not at once.
        assertThat(LinkMonitorTasks.nextRead(T0, T0.plusSeconds(8), interval)).isEqualTo(T0.plusSeconds(13));
        assertThat(LinkMonitorTasks.nextRead(T0, T0.plusSeconds(60), interval)).isEqualTo(T0.plusSeconds(65));
    }

    @Test
    void replicasLookForDueReadsEveryTenthOfTheIntervalAndSweepEverySixWithinBounds() {
        assertThat(ReplicaSettings.DEFAULTS.monitorPolling()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReplicaSettings.DEFAULTS.withMonitorInterval(Duration.ofMillis(250)).monitorPolling())
                .isEqualTo(Duration.ofMillis(100));
        assertThat(ReplicaSettings.DEFAULTS.withMonitorInterval(Duration.ofMinutes(5)).monitorPolling())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(LinkMonitorTasks.sweepEvery(Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(1));
        assertThat(LinkMonitorTasks.sweepEvery(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(30));
        assertThat(LinkMonitorTasks.sweepEvery(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(1));
        assertThat(ReplicaSettings.DEFAULTS.operationTimings().takeoverAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(ReplicaSettings.DEFAULTS.withHeartbeat(Duration.ofSeconds(1)).operationTimings().polling())
                .as("a task is looked for at least every heartbeat").isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> new ReplicaSettings(Duration.ofSeconds(10), 4, Duration.ofSeconds(5), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 4");
    }

    @Test
    void whatAReadRemembersOfSeedingReachesTheNextAndGarbageIsForgotten() {
        Map<String, SeedingProgress> seeding = Map.of("DAG_Sales/Sales", new SeedingProgress(1_000, T0),
                "DAG_Sales/HR", new SeedingProgress(-1, T0.plusSeconds(5)));
        String memory = LinkMonitoring.memory(seeding);
        assertThat(LinkMonitoring.seeding(memory)).isEqualTo(seeding);
        assertThat(LinkMonitoring.seeding("{}")).isEmpty();
        assertThat(LinkMonitoring.seeding(null)).isEmpty();
        assertThat(LinkMonitoring.seeding("not json")).isEmpty();
        assertThat(LinkMonitoring.seeding("{\"seeding\":{\"x\":{\"progress\":1}}}")).as("no time").isEmpty();
    }

    @Test
    void taskDataIsStoredAsUtf8TextAndNothingElseIsRead() {
        LinkMonitorTasks.Utf8Text text = LinkMonitorTasks.Utf8Text.SERIALIZER;
        assertThat(text.deserialize(String.class, text.serialize("{\"seeding\":{\"DAG_Zürich/Sales\":{}}}")))
                .isEqualTo("{\"seeding\":{\"DAG_Zürich/Sales\":{}}}");
        assertThat(text.serialize(null)).isNull();
        assertThatThrownBy(() -> text.deserialize(Integer.class, new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
