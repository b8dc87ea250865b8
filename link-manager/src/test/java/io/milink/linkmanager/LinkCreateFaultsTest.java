package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

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
}
