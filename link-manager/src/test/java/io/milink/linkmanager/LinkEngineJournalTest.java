package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.milink.core.azure.AcceptedOperation;
import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.ArmOperationFailedException;
import io.milink.core.azure.LinkArmClient;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.journal.LinkRun;
import io.milink.journal.PendingOperation;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * The engine's own decisions over mocked seams (the journal, the ARM client, the steps' actions): what it records
 * before and after each step, where it stops, and how it treats operations an earlier run left in flight. The twins
 * prove the same end to end (LinkEngineOnTwinsTest, the kill test).
 */
class LinkEngineJournalTest {

    private static final AcceptedOperation PUT_LINK = new AcceptedOperation("PUT",
            "/distributedAvailabilityGroups/DAG_Sales", "https://arm.example/operations/1", null);

    private final LinkArmClient arm = mock(LinkArmClient.class);
    private final LinkSession session = new LinkSession(mock(Connection.class), mock(ManagedInstanceClient.class), arm,
            Map.of());
    private final LinkRun run = mock(LinkRun.class);
    private final List<String> ran = new ArrayList<>();

    /** A step whose action records that it ran, and (for an ARM step) tells the engine Azure accepted it. */
    private PlannedStep step(String id, Side side, AcceptedOperation accepts, Exception fails) {
        StepAction action = new StepAction() {
            @Override
            public String shown() {
                return "shown " + id;
            }

            @Override
            public List<String> script() {
                return List.of();
            }

            @Override
            public void apply(LinkSession s, AcceptedOperation.Listener accepted) throws Exception {
                ran.add(id);
                if (accepts != null) {
                    accepted.accepted(accepts);
                }
                if (fails != null) {
                    throw fails;
                }
            }
        };
        return new PlannedStep(id, side, "object " + id, "absent", Change.CREATE, null, action);
    }

    @Test
    void eachStepIsJournaledBeforeAndAfterItRunsAndAnAcceptedOperationBeforeTheWait() throws Exception {
        LinkPlan plan = new LinkPlan(List.of(step("sql.certificate", Side.SQL_SERVER, null, null),
                PlannedStep.unchanged("sql.endpoint", Side.SQL_SERVER, "endpoint", "there"),
                step("arm.link[Sales]", Side.MANAGED_INSTANCE, PUT_LINK, null)));

        List<PlannedStep> applied = LinkEngine.applyChanges(session, plan, run, LinkEngine.Progress.SILENT);

        assertThat(applied).extracting(PlannedStep::id).containsExactly("sql.certificate", "arm.link[Sales]");
        assertThat(ran).containsExactly("sql.certificate", "arm.link[Sales]");
        InOrder order = inOrder(run);
        order.verify(run).stepStarted("sql.certificate", "CREATE", "shown sql.certificate");
        order.verify(run).stepFinished("sql.certificate");
        order.verify(run).stepStarted("arm.link[Sales]", "CREATE", "shown arm.link[Sales]");
        order.verify(run).operationAccepted("arm.link[Sales]", PUT_LINK);
        order.verify(run).stepFinished("arm.link[Sales]");
        verify(run, never()).stepStarted(eq("sql.endpoint"), anyString(), anyString());
    }

    @Test
    void aFailingStepIsJournaledAsFailedAndNothingAfterItRuns() {
        LinkPlan plan = new LinkPlan(List.of(step("sql.certificate", Side.SQL_SERVER, null, null),
                step("sql.endpoint", Side.SQL_SERVER, null, new java.sql.SQLException("Msg 15151, cannot alter")),
                step("arm.link[Sales]", Side.MANAGED_INSTANCE, PUT_LINK, null)));

        assertThatThrownBy(() -> LinkEngine.applyChanges(session, plan, run, LinkEngine.Progress.SILENT))
                .hasMessageContaining("15151");

        assertThat(ran).containsExactly("sql.certificate", "sql.endpoint");
        verify(run).stepFailed("sql.endpoint", "Msg 15151, cannot alter");
        verify(run, never()).stepFinished("sql.endpoint");
        verify(run, never()).stepStarted(eq("arm.link[Sales]"), anyString(), anyString());
    }

    @Test
    void operationsAnEarlierRunLeftInFlightAreAwaitedNotResentAndAFailedOneIsSettledAsFailed() throws Exception {
        PendingOperation done = new PendingOperation(1, "run-1", "arm.trustCertificate",
                new AcceptedOperation("PUT", "/serverTrustCertificates/c", "https://arm.example/operations/0", null),
                Instant.EPOCH);
        PendingOperation failed = new PendingOperation(2, "run-1", "arm.link[Sales]", PUT_LINK, Instant.EPOCH);
        when(run.pendingOperations()).thenReturn(List.of(done, failed));
        doThrow(new ArmOperationFailedException(400, "ManagedInstanceLinkCertificateNotFoundOnManagedInstance",
                "the operation ended Failed")).when(arm).awaitOperation(PUT_LINK);

        LinkEngine.awaitPendingOperations(session, run, LinkEngine.Progress.SILENT);

        verify(arm).awaitOperation(done.operation());
        verify(run).operationSettled(done, "Succeeded");
        verify(run).operationSettled(eq(failed), startsWith("Failed: the operation ended Failed"));
        verify(arm, never()).links();
        verify(arm, never()).trustCertificates();
    }

    @Test
    void anOperationThatCannotBeAwaitedStopsTheRunUnsettledSoTheNextRunWaitsForItAgain() throws Exception {
        PendingOperation pending = new PendingOperation(2, "run-1", "arm.link[Sales]", PUT_LINK, Instant.EPOCH);
        when(run.pendingOperations()).thenReturn(List.of(pending));
        doThrow(new ArmCallException(0, null, "connection refused", null)).when(arm).awaitOperation(PUT_LINK);

        assertThatThrownBy(() -> LinkEngine.awaitPendingOperations(session, run, LinkEngine.Progress.SILENT))
                .isInstanceOf(ArmCallException.class);

        verify(run, never()).operationSettled(any(), anyString());
    }
}
