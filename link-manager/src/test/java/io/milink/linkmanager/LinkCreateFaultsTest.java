package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import io.milink.core.azure.DistributedAvailabilityGroup;

import io.milink.core.azure.ArmCallException;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.arm.ArmError;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.ArmFaultPlan.RouteFault;

/** ARM faults during create end in a finished link or a clear error, and a rerun finishes what was started. */
class LinkCreateFaultsTest {

    @Test
    void throttlingAndServerErrorsAreRetriedAndTheLinkIsMade() throws Exception {
        ArmFaultPlan faults = ArmFaultPlan.of(
                RouteFault.throttle("PUT", "/serverTrustCertificates/", Duration.ofMillis(100), 1),
                RouteFault.serverError("PUT", "/distributedAvailabilityGroups/DAG_Sales$", 503, 1));
        try (TwinLink twin = new TwinLink(BuiltInScenarios.yaml("ready-2022"), faults)) {
            LinkEngine.Result result = LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            assertThat(result.after().nothingToDo()).isTrue();
            assertThat(twin.twins.arm().orElseThrow().receivedRequests()).filteredOn(r -> r.method().equals("PUT")
                    && r.path().endsWith("/distributedAvailabilityGroups/DAG_Sales")).as("the 503 and the retry")
                    .hasSize(2);
        }
    }

    @Test
    void aFailedLinkOperationIsAClearErrorWithTheRestDoneAndARerunFinishes() throws Exception {
        ArmFaultPlan faults = ArmFaultPlan.of(RouteFault.failOperation("PUT", "/distributedAvailabilityGroups/DAG_Sales$",
                ArmError.of(500, "OperationTimedOut", "The operation timed out and automatically rolled back."), 1));
        try (TwinLink twin = new TwinLink(BuiltInScenarios.yaml("ready-2022"), faults)) {
            assertThatThrownBy(() -> LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT))
                    .isInstanceOfSatisfying(ArmCallException.class,
                            e -> assertThat(e.code()).isEqualTo("OperationTimedOut"));
            LinkPlan halfDone = LinkEngine.plan(twin.session, TwinLink::sales);
            assertThat(halfDone.changes()).extracting(PlannedStep::id).as("only the link is left")
                    .containsExactly("arm.link[Sales]");
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            twin.clock.advance(Duration.ofMinutes(2));
            assertThat(twin.session.arm().links().get("DAG_Sales").orElseThrow().databases().get(0).replicaState())
                    .isEqualTo("LinkSynchronizing");
        }
    }

    @Test
    void aLinkFaultThatMakesTheJoinFailSaysWhatIsMissingOnWhichSide() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, sql -> {
                DesiredLink d = TwinLink.sales(sql);
                return new DesiredLink(d.certificateName(), d.certificateExpiry(), d.endpointName(), d.endpointPort(),
                        d.endpointUrl(), false, true, d.masterKeyPassword(), java.util.List.of());
            }, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            // SQL Server's certificate removed from the instance behind milink's back: the plan puts it back.
            twin.session.arm().trustCertificates().delete("Cert_SQL22_endpoint");
            LinkPlan plan = LinkEngine.plan(twin.session, TwinLink::sales);
            assertThat(plan.steps().stream().filter(s -> s.id().equals("arm.trustCertificate")).findFirst()
                    .orElseThrow().change()).isEqualTo(Change.CREATE);
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            assertThat(LinkEngine.plan(twin.session, TwinLink::sales).nothingToDo()).isTrue();
        }
    }

    private static String withLink(String linkSection) {
        return BuiltInScenarios.yaml("ready-2022") + "\nlink:\n" + linkSection;
    }

    /**
     * Waits for seeding as create does, the twin's clock moving a minute per poll, and returns each poll's state and
     * seeding progress of Sales ("Seeding 12%").
     */
    private static List<String> awaitSeedingMinuteByMinute(TwinLink twin) throws Exception {
        List<String> seen = new ArrayList<>();
        LinkEngine.awaitSeeding(twin.session, List.of("DAG_Sales"), Duration.ZERO, Duration.ofSeconds(60),
                new LinkEngine.Progress() {
                    @Override
                    public void seeding(String link, DistributedAvailabilityGroup.LinkDatabase database,
                                        SeedingTransfer transfer) {
                        seen.add(database.replicaState() + " " + database.seedingProgress());
                        twin.clock.advance(Duration.ofMinutes(1));
                    }
                });
        return seen;
    }

    /** The percentage of one poll as {@link #awaitSeedingMinuteByMinute} records it ("Seeding 12%" is 12). */
    private static int percent(String poll) {
        return Integer.parseInt(poll.substring(poll.lastIndexOf(' ') + 1, poll.length() - 1));
    }

    @Test
    void aFailedSeedingIsAClearErrorAndCreateRunAgainReplacesTheLinkOnBothSides() throws Exception {
        try (TwinLink twin = new TwinLink(withLink("  seedingMbPerSecond: 1\n  faults:\n"
                + "    - { kind: seedingFailure, at: PT1M, database: Sales, message: \"The remote disk is full.\" }\n"))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            assertThatThrownBy(() -> awaitSeedingMinuteByMinute(twin)).isInstanceOf(LinkFailedException.class)
                    .hasMessageContaining("DAG_Sales", "LinkCreationError", "The remote disk is full.",
                            "create the link again");

            LinkPlan plan = LinkEngine.plan(twin.session, TwinLink::sales);
            assertThat(plan.changes()).extracting(PlannedStep::id, PlannedStep::change).containsExactly(
                    Tuple.tuple("sql.distributedAvailabilityGroup[Sales]", Change.REPLACE),
                    Tuple.tuple("arm.link[Sales]", Change.REPLACE));
            assertThat(plan.blocked()).isEmpty();

            RememberingRun run = new RememberingRun();
            LinkEngine.Result rerun = LinkEngine.create(twin.session, TwinLink::sales, run, LinkEngine.Progress.SILENT);
            assertThat(rerun.applied()).extracting(PlannedStep::id).containsExactly(
                    "sql.distributedAvailabilityGroup[Sales]", "arm.link[Sales]");
            assertThat(rerun.after().nothingToDo()).isTrue();
            List<String> seen = awaitSeedingMinuteByMinute(twin);
            assertThat(seen.get(0)).as("seeding starts over").startsWith("CreatingLink 0%");
            assertThat(seen).as("about 34 minutes of 2 GB at 1 MB/s").hasSizeBetween(30, 40);
            assertThat(twin.session.arm().links().get("DAG_Sales").orElseThrow().databases().get(0).replicaState())
                    .isIn("Catchup", "LinkSynchronizing");

            var requests = twin.twins.arm().orElseThrow().receivedRequests();
            assertThat(requests).filteredOn(r -> r.path().endsWith("/distributedAvailabilityGroups/DAG_Sales"))
                    .extracting(r -> r.method()).as("created, removed once, created again; then only read")
                    .containsSubsequence("PUT", "DELETE", "PUT")
                    .filteredOn(m -> !m.equals("GET")).containsExactly("PUT", "DELETE", "PUT");
            assertThat(twin.session.arm().links().list()).extracting(DistributedAvailabilityGroup::name)
                    .containsExactly("DAG_Sales");
            assertThat(LinkEngine.plan(twin.session, TwinLink::sales).nothingToDo()).isTrue();
        }
    }

    /** A process that dies at {@code when} (a step applied, or Azure accepting an operation of {@code method}). */
    private static LinkEngine.Progress dyingAt(String stepId, String method) {
        return new LinkEngine.Progress() {
            @Override
            public void applied(PlannedStep step) {
                if (method == null && step.id().equals(stepId)) {
                    throw new IllegalStateException("killed after " + stepId);
                }
            }

            @Override
            public void accepted(PlannedStep step, io.milink.core.azure.AcceptedOperation operation) {
                if (step.id().equals(stepId) && operation.method().equals(method)) {
                    throw new IllegalStateException("killed once Azure accepted the " + method);
                }
            }
        };
    }

    @Test
    void aReplacementStoppedAnywhereIsFinishedByTheNextRunWithOneLinkAndSeedingStartedOver() throws Exception {
        String failing = withLink("  faults:\n"
                + "    - { kind: seedingFailure, at: PT0S, database: Sales, message: \"The remote disk is full.\" }\n");
        record Stop(String stepId, String method, List<String> rerunChanges) {
        }
        for (Stop stop : List.of(
                // The group was made again, the failed link is still there: the next run replaces both again.
                new Stop("sql.distributedAvailabilityGroup[Sales]", null,
                        List.of("sql.distributedAvailabilityGroup[Sales]", "arm.link[Sales]")),
                // The failed link is gone, the new one not asked for: the next run only creates it.
                new Stop("arm.link[Sales]", "DELETE", List.of("arm.link[Sales]")),
                // Azure accepted the new link: nothing is left to do.
                new Stop("arm.link[Sales]", "PUT", List.of()))) {
            try (TwinLink twin = new TwinLink(failing)) {
                LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
                twin.clock.advance(Duration.ofSeconds(5));
                assertThatThrownBy(() -> LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(),
                        dyingAt(stop.stepId(), stop.method()))).hasMessageContaining("killed");

                LinkPlan next = LinkEngine.plan(twin.session, TwinLink::sales);
                assertThat(next.changes()).extracting(PlannedStep::id).as(stop.toString())
                        .containsExactlyElementsOf(stop.rerunChanges());
                LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
                assertThat(twin.session.arm().links().list()).extracting(DistributedAvailabilityGroup::name)
                        .as(stop.toString()).containsExactly("DAG_Sales");
                assertThat(twin.session.arm().links().get("DAG_Sales").orElseThrow().databases().get(0)
                        .replicaState()).as(stop.toString()).isEqualTo("CreatingLink");
                twin.clock.advance(Duration.ofMinutes(2));
                assertThat(twin.session.arm().links().get("DAG_Sales").orElseThrow().databases().get(0)
                        .replicaState()).as(stop.toString()).isEqualTo("LinkSynchronizing");
            }
        }
    }

    @Test
    void aLinkThatFailsAtOnceFailsCreateItselfWithTheSameAdvice() throws Exception {
        // Seeding fails in the twin's first simulated second: the closing plan of the same run already sees it.
        try (TwinLink twin = new TwinLink(withLink("  faults:\n"
                + "    - { kind: seedingFailure, at: PT0S, database: Sales, message: \"The remote disk is full.\" }\n"))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), new LinkEngine.Progress() {
                @Override
                public void applied(PlannedStep step) {
                    if (step.id().startsWith("arm.link")) {
                        twin.clock.advance(Duration.ofSeconds(5));
                    }
                }
            });
        } catch (LinkFailedException e) {
            assertThat(e.getMessage()).contains("DAG_Sales", "LinkCreationError", "create the link again");
            return;
        }
        throw new AssertionError("create should have reported the failed link");
    }

    @Test
    void aPartitionWhenTheLinkIsCreatedIsAClearErrorAndARerunOnceTheNetworkIsBackFinishes() throws Exception {
        try (TwinLink twin = new TwinLink(withLink("  faults:\n    - { kind: partition, at: PT0S, for: PT10M }\n"))) {
            assertThatThrownBy(() -> LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(),
                    LinkEngine.Progress.SILENT)).isInstanceOfSatisfying(ArmCallException.class, e -> assertThat(
                            e.code()).isEqualTo("ManagedInstanceLinkConnectivityIsNotEstablished"));
            LinkPlan halfDone = LinkEngine.plan(twin.session, TwinLink::sales);
            assertThat(halfDone.changes()).extracting(PlannedStep::id).as("everything but the link is in place")
                    .containsExactly("arm.link[Sales]");

            twin.clock.advance(Duration.ofMinutes(11));
            LinkEngine.Result rerun = LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(),
                    LinkEngine.Progress.SILENT);
            assertThat(rerun.applied()).extracting(PlannedStep::id).containsExactly("arm.link[Sales]");
            List<String> seen = awaitSeedingMinuteByMinute(twin);
            assertThat(seen.get(seen.size() - 1)).isIn("Catchup 100%", "LinkSynchronizing 100%");
        }
    }

    @Test
    void seedingInterruptedByAPartitionOrAnInstanceRestartStartsOverAndFinishes() throws Exception {
        for (String fault : List.of("{ kind: partition, at: PT5M, for: PT3M }",
                "{ kind: managedInstanceRestart, at: PT5M, for: PT3M }")) {
            try (TwinLink twin = new TwinLink(withLink("  seedingMbPerSecond: 4\n  faults:\n    - " + fault + "\n"))) {
                LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
                List<String> seen = awaitSeedingMinuteByMinute(twin);
                List<Integer> percents = seen.stream().map(LinkCreateFaultsTest::percent).toList();
                assertThat(java.util.stream.IntStream.range(1, percents.size())
                        .filter(i -> percents.get(i) == 0 && percents.get(i - 1) > 0).count())
                        .as(fault + ": seeding got somewhere, then started over from nothing, as the docs say: " + seen)
                        .isEqualTo(1);
                assertThat(seen.get(seen.size() - 1)).as(fault).doesNotStartWith("Seeding");
                assertThat(LinkEngine.plan(twin.session, TwinLink::sales).nothingToDo()).as(fault).isTrue();
            }
        }
    }

    @Test
    void aFullLogDuringSeedingPausesItWithoutStartingOver() throws Exception {
        try (TwinLink twin = new TwinLink(withLink("  seedingMbPerSecond: 4\n  faults:\n"
                + "    - { kind: logFull, at: PT3M, for: PT4M, database: Sales }\n"))) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            List<String> seen = awaitSeedingMinuteByMinute(twin);
            List<Integer> percents = seen.stream().filter(s -> s.startsWith("Seeding"))
                    .map(LinkCreateFaultsTest::percent).toList();
            assertThat(percents).as("never back to an earlier percentage").isSorted();
            assertThat(percents.size() - percents.stream().distinct().count()).as("some polls saw no progress")
                    .isGreaterThanOrEqualTo(3);
            assertThat(LinkEngine.plan(twin.session, TwinLink::sales).nothingToDo()).isTrue();
        }
    }
}
