package io.milink.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.milink.core.azure.AcceptedOperation;
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
class JournalLinkRunsTest {

    @Parameter
    JournalDatabase database;

    private static final String TARGET = "sql01.contoso.local:1433 -> /subscriptions/s/resourceGroups/rg/providers/"
            + "Microsoft.Sql/managedInstances/mi01";
    private static final AcceptedOperation PUT_LINK = new AcceptedOperation("PUT",
            "/distributedAvailabilityGroups/dag_Sales", "https://arm/operations/1?api-version=2025-01-01", null);

    @TempDir
    Path dir;
    private Journal journal;
    private JournalLinkRuns runs;

    @BeforeEach
    void open() {
        journal = database.openFresh(dir);
        runs = new JournalLinkRuns(journal);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void aSecondRunOnTheSameTargetIsRefusedWhileTheFirstIsOpenAndAllowedOnceItCloses() {
        LinkRun first = runs.begin(TARGET, "create", List.of());
        assertThatThrownBy(() -> runs.begin(TARGET, "create", List.of()))
                .isInstanceOf(LinkRunBusyException.class)
                .hasMessageContaining(first.id()).hasMessageContaining("wait for it to finish");
        try (LinkRun other = runs.begin(TARGET + "-other", "create", List.of())) {
            assertThat(other.id()).as("another target is not held").isNotEqualTo(first.id());
        }
        first.succeeded();
        first.close();
        try (LinkRun again = runs.begin(TARGET, "delete", List.of())) {
            assertThat(again.unfinishedBefore()).as("the first succeeded").isEmpty();
            again.failed("ARM said no");
        }
        try (LinkRun third = runs.begin(TARGET, "create", List.of())) {
            assertThat(third.unfinishedBefore()).map(UnfinishedRun::state).hasValue("FAILED");
        }
    }

    @Test
    void aLaterRunReadsWhatTheLastFinishedStepOfAnIdShowedOnItsTargetOnly() {
        try (LinkRun first = runs.begin(TARGET, "cutover", List.of())) {
            first.stepStarted("instance-primary", "FAILOVER", "became primary at 2026-01-01T00:00:00Z");
            first.stepFinished("instance-primary");
            first.stepStarted("instance-primary", "FAILOVER", "became primary at 2026-01-02T00:00:00Z");
            first.stepFailed("instance-primary", "lost the connection");
            first.succeeded();
        }
        try (LinkRun other = runs.begin(TARGET + "-other", "cutover", List.of())) {
            assertThat(other.lastFinishedShown("instance-primary")).as("another target's").isEmpty();
        }
        try (LinkRun later = runs.begin(TARGET, "cutover", List.of())) {
            assertThat(later.lastFinishedShown("instance-primary")).as("the failed step does not count")
                    .hasValue("became primary at 2026-01-01T00:00:00Z");
            assertThat(later.lastFinishedShown("nothing-of-the-kind")).isEmpty();
        }
    }

    @Test
    void aLeaseHeldByAProcessThatEndedIsTakenOverAndItsRunSaysWhereItStopped() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        JournalLinkRuns crashed = new JournalLinkRuns(journal, new JournalLinkRuns.Owner(
                JournalLinkRuns.Owner.thisProcess().host(), gone.pid(), gone.info().startInstant()
                .map(java.time.Instant::toEpochMilli).orElse(1L)));
        LinkRun dead = crashed.begin(TARGET, "create", List.of("sql.traceFlags"));
        dead.stepStarted("sql.certificate", "CREATE", "CREATE CERTIFICATE [c] ...");
        dead.stepFinished("sql.certificate");
        dead.stepStarted("arm.link[Sales]", "CREATE", "PUT .../dag_Sales");
        dead.operationAccepted("arm.link[Sales]", PUT_LINK);
        // The process is killed here: no close, the lease stays.

        try (LinkRun resumed = runs.begin(TARGET, "create", List.of())) {
            assertThat(resumed.unfinishedBefore()).hasValueSatisfying(i -> {
                assertThat(i.id()).isEqualTo(dead.id());
                assertThat(i.lastStep()).isEqualTo("arm.link[Sales]");
                assertThat(i.lastStepState()).isEqualTo("STARTED");
                assertThat(i.state()).isEqualTo("INTERRUPTED");
                assertThat(i.whereItStopped()).isEqualTo("during step arm.link[Sales]");
            });
            assertThat(resumed.pendingOperations()).singleElement().satisfies(p -> {
                assertThat(p.operation()).isEqualTo(PUT_LINK);
                assertThat(p.stepId()).isEqualTo("arm.link[Sales]");
                assertThat(p.runId()).isEqualTo(dead.id());
            });
            resumed.operationSettled(resumed.pendingOperations().get(0), "Succeeded");
            assertThat(resumed.pendingOperations()).isEmpty();
            resumed.succeeded();
        }
        assertThat(state(dead.id())).isEqualTo("INTERRUPTED");
        assertThat(waivers(dead.id())).isEqualTo("sql.traceFlags");
        dead.close();
    }

    @Test
    void anotherHostsRunHoldsTheLeaseWhileItRenewsItAndLosesItWhenItStops() throws Exception {
        JournalLinkRuns elsewhere = new JournalLinkRuns(journal, new JournalLinkRuns.Owner("replica-2", 4242, 1));
        LinkRun remote = elsewhere.begin(TARGET, "create", List.of());
        assertThatThrownBy(() -> runs.begin(TARGET, "create", List.of())).isInstanceOf(LinkRunBusyException.class)
                .hasMessageContaining("replica-2/4242");

        try (Connection c = journal.connection(); PreparedStatement age = c.prepareStatement(
                "UPDATE link_leases SET heartbeat_at = ? WHERE run_id = ?")) {
            age.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minus(JournalLinkRuns.LEASE_TTL).minusSeconds(1));
            age.setString(2, remote.id());
            age.executeUpdate();
        }
        try (LinkRun taken = runs.begin(TARGET, "create", List.of())) {
            assertThat(taken.unfinishedBefore()).map(UnfinishedRun::id).hasValue(remote.id());
            // The remote run wakes up: it must not go on beside the run that took its lease.
            assertThatThrownBy(() -> remote.stepStarted("sql.certificate", "CREATE", "CREATE CERTIFICATE ..."))
                    .isInstanceOf(LinkRunBusyException.class).hasMessageContaining("lost its lease");
            assertThatThrownBy(() -> remote.operationAccepted("arm.link[Sales]", PUT_LINK))
                    .isInstanceOf(LinkRunBusyException.class);
            taken.stepStarted("sql.certificate", "CREATE", "CREATE CERTIFICATE ...");
        }
        remote.close();
    }

    @Test
    void aStepsOwnOperationIsSettledWithTheStepAndARunClosedUnfinishedIsInterrupted() throws Exception {
        String id;
        try (LinkRun run = runs.begin(TARGET, "create", List.of())) {
            id = run.id();
            run.stepStarted("arm.link[Sales]", "CREATE", "PUT .../dag_Sales");
            run.operationAccepted("arm.link[Sales]", PUT_LINK);
            run.stepFinished("arm.link[Sales]");
        }
        assertThat(state(id)).isEqualTo("INTERRUPTED");
        try (LinkRun next = runs.begin(TARGET, "create", List.of())) {
            assertThat(next.pendingOperations()).as("finished with its step").isEmpty();
            assertThat(next.unfinishedBefore()).map(UnfinishedRun::lastStepState).hasValue("DONE");
        }
    }

    private String state(String runId) throws Exception {
        return column("state", runId);
    }

    private String waivers(String runId) throws Exception {
        return column("waivers", runId);
    }

    private String column(String name, String runId) throws Exception {
        try (Connection c = journal.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + name + " FROM link_runs WHERE id = ?")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
