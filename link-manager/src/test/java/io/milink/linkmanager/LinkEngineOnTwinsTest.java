package io.milink.linkmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.simulator.BuiltInScenarios;

/** The engine against the twins: the real driver over TDS and the real Azure SDK pipeline over HTTPS. */
class LinkEngineOnTwinsTest {

    private static Map<String, Change> changes(LinkPlan plan) {
        return plan.steps().stream().collect(Collectors.toMap(PlannedStep::id, PlannedStep::change, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    @Test
    void onReady2022ThePlanListsEveryObjectInTheDocumentedOrderAndCreateMakesAReplicatingLink() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkPlan plan = LinkEngine.plan(twin.session, TwinLink::sales);
            assertThat(changes(plan)).containsExactly(
                    Map.entry("sql.hadr", Change.NONE),
                    Map.entry("sql.masterKey", Change.NONE),
                    Map.entry("sql.certificate", Change.CREATE),
                    Map.entry("arm.trustCertificate", Change.CREATE),
                    Map.entry("sql.instanceCertificate", Change.CREATE),
                    Map.entry("sql.rootCa[digicert-global-root-g2]", Change.NONE),
                    Map.entry("sql.rootCa[microsoft-rsa-root-2017]", Change.NONE),
                    Map.entry("sql.endpoint", Change.UPDATE),
                    Map.entry("sql.availabilityGroup[Sales]", Change.CREATE),
                    Map.entry("sql.distributedAvailabilityGroup[Sales]", Change.CREATE),
                    Map.entry("arm.link[Sales]", Change.CREATE));
            assertThat(plan.steps().stream().filter(s -> s.id().equals("sql.endpoint")).findFirst().orElseThrow()
                    .action().shown()).as("keeps Windows authentication for the groups already on it")
                    .contains("AUTHENTICATION = WINDOWS NEGOTIATE CERTIFICATE [Cert_SQL22_endpoint]");

            LinkEngine.Result result = LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(),
                    LinkEngine.Progress.SILENT);
            assertThat(result.applied()).hasSize(7);
            assertThat(result.after().nothingToDo()).isTrue();

            // Each poll moves the twins' clock on, so the wait sees seeding run and end; SQL Server's seeding DMV
            // gives the bytes and the rate the instance's percentage lacks.
            List<SeedingTransfer> transfers = new java.util.ArrayList<>();
            List<String> states = new java.util.ArrayList<>();
            LinkEngine.awaitSeeding(twin.session, List.of("DAG_Sales"), Duration.ofMillis(10), Duration.ofSeconds(20),
                    new LinkEngine.Progress() {
                        @Override
                        public void applying(PlannedStep step) {
                        }

                        @Override
                        public void applied(PlannedStep step) {
                        }

                        @Override
                        public void seeding(String link, DistributedAvailabilityGroup.LinkDatabase database,
                                            SeedingTransfer transfer) {
                            states.add(database.replicaState());
                            if (transfer != null) {
                                transfers.add(transfer);
                            }
                            twin.clock.advance(Duration.ofSeconds(3));
                        }
                    });
            assertThat(states).as("seen seeding, then done").contains("Seeding").last().isNotIn("Seeding",
                    "CreatingLink");
            assertThat(transfers).as("SQL Server's view while it sent").isNotEmpty().allSatisfy(t -> {
                assertThat(t.database()).isEqualTo("Sales");
                assertThat(t.databaseSizeBytes()).isPositive();
                assertThat(t.bytesPerSecond()).isPositive();
                assertThat(t.transferredBytes()).isBetween(0L, t.databaseSizeBytes());
            });
            DistributedAvailabilityGroup.LinkDatabase db = twin.session.arm().links().get("DAG_Sales").orElseThrow()
                    .databases().get(0);
            assertThat(db.replicaState()).isEqualTo("LinkSynchronizing");
            assertThat(db.synchronizationHealth()).isEqualTo("HEALTHY");
            assertThat(LinkEngine.plan(twin.session, TwinLink::sales).nothingToDo()).as("run again: nothing to do")
                    .isTrue();
        }
    }

    @Test
    void askingSyncOfAnAsyncLinkChangesBothSidesInsteadOfSayingNothingToDo() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            assertThat(twin.session.arm().links().get("DAG_Sales").orElseThrow().replicationMode()).isEqualTo("Async");

            LinkPlan plan = LinkEngine.plan(twin.session, TwinLink::salesSync);
            assertThat(plan.changes()).extracting(PlannedStep::id)
                    .containsExactly("sql.distributedAvailabilityGroup[Sales]", "arm.link[Sales]");
            assertThat(plan.changes()).extracting(PlannedStep::change).containsOnly(Change.UPDATE);
            assertThat(plan.changes().get(0).action().shown()).contains("ALTER AVAILABILITY GROUP [DAG_Sales] "
                    + "MODIFY AVAILABILITY GROUP ON", "WITH (AVAILABILITY_MODE = SYNCHRONOUS_COMMIT)");
            assertThat(plan.changes().get(1).action().shown()).contains("PATCH", "\"replicationMode\":\"Sync\"");

            LinkEngine.Result result = LinkEngine.create(twin.session, TwinLink::salesSync, new UnjournaledRun(),
                    LinkEngine.Progress.SILENT);
            assertThat(result.after().nothingToDo()).isTrue();
            assertThat(twin.session.arm().links().get("DAG_Sales").orElseThrow().replicationMode()).isEqualTo("Sync");
            assertThat(SqlServerObserver.observe(twin.session.sql()).group("DAG_Sales").orElseThrow().replicas())
                    .extracting(SqlServerObservation.Replica::availabilityMode).containsOnly("SYNCHRONOUS_COMMIT");

            assertThat(LinkEngine.plan(twin.session, TwinLink::sales).changes()).as("and back to async")
                    .extracting(PlannedStep::change).containsExactly(Change.UPDATE, Change.UPDATE);
        }
    }

    @Test
    void withoutAMasterKeyAndNoPasswordReferenceNothingRunsAndThePlanSaysWhatToDo() throws Exception {
        try (TwinLink twin = new TwinLink(BuiltInScenarios.yaml("ready-2022").replace("masterKey: true",
                "masterKey: false"))) {
            java.util.function.Function<SqlServerObservation, DesiredLink> noPassword = sql -> {
                DesiredLink d = TwinLink.sales(sql);
                return new DesiredLink(d.certificateName(), d.certificateExpiry(), d.endpointName(), d.endpointPort(),
                        d.endpointUrl(), d.synchronousCommit(), d.failoverModeManual(), null, d.databases());
            };
            assertThatThrownBy(() -> LinkEngine.create(twin.session, noPassword, new UnjournaledRun(), LinkEngine.Progress.SILENT))
                    .isInstanceOf(LinkBlockedException.class).hasMessageContaining("nothing was changed")
                    .hasMessageContaining("link.masterKeyPasswordEnv");
            assertThat(LinkEngine.plan(twin.session, noPassword).steps().stream()
                    .filter(s -> s.id().equals("sql.certificate")).findFirst().orElseThrow().change())
                    .as("still to create: nothing ran").isEqualTo(Change.CREATE);
        }
    }

    @Test
    void theMasterKeyIsCreatedWithThePasswordFromItsReferenceWhichNoPlanShows() throws Exception {
        try (TwinLink twin = new TwinLink(BuiltInScenarios.yaml("ready-2022").replace("masterKey: true",
                "masterKey: false"))) {
            LinkPlan plan = LinkEngine.plan(twin.session, TwinLink::sales);
            PlannedStep key = plan.steps().stream().filter(s -> s.id().equals("sql.masterKey")).findFirst()
                    .orElseThrow();
            assertThat(key.change()).isEqualTo(Change.CREATE);
            String everything = plan.steps().stream().filter(PlannedStep::changes)
                    .map(s -> s.action().shown() + String.join("\n", s.action().script()))
                    .collect(Collectors.joining("\n"));
            assertThat(everything).doesNotContain("Canary-Master-Key-7f3a!").contains("MILINK_TEST_MASTER_KEY");
            LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), LinkEngine.Progress.SILENT);
            assertThat(LinkEngine.plan(twin.session, TwinLink::sales).nothingToDo()).isTrue();
        }
    }

    /** ARM reads (GETs that are not polls of an operation) the twin received since {@code from}. */
    private static List<String> armReads(TwinLink twin, int from) {
        var all = twin.twins.arm().orElseThrow().receivedRequests();
        return all.subList(from, all.size()).stream().filter(r -> r.method().equals("GET")
                && !r.path().contains("OperationResults/") && !r.path().contains("AzureAsyncOperation/"))
                .map(r -> r.path().replaceAll(".*/managedInstances/[^/]+", "")).toList();
    }

    private static int sqlRequests(TwinLink twin) {
        return twin.twins.sqlServer().orElseThrow().requestsByConnection().values().stream()
                .mapToInt(Integer::intValue).sum();
    }

    @Test
    void theClosingCheckReadsSqlServerWholeAndOfTheInstanceOnlyWhatTheStepsChange() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            int armBefore = twin.twins.arm().orElseThrow().receivedRequests().size();
            int[] atLastStep = new int[2];
            LinkEngine.Result result = LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(),
                    new LinkEngine.Progress() {
                        @Override
                        public void applied(PlannedStep step) {
                            atLastStep[0] = sqlRequests(twin);
                            atLastStep[1] = twin.twins.arm().orElseThrow().receivedRequests().size();
                        }
                    });
            assertThat(result.after().nothingToDo()).isTrue();
            assertThat(sqlRequests(twin) - atLastStep[0]).as("SQL Server in one batch").isEqualTo(1);
            assertThat(armReads(twin, atLastStep[1])).as("the closing check's ARM reads")
                    .containsExactly("/serverTrustCertificates", "/distributedAvailabilityGroups");
            assertThat(armReads(twin, armBefore)).as("the first observation reads all five, once")
                    .startsWith("", "/endpointCertificates/DATABASE_MIRRORING", "/serverTrustCertificates",
                            "/distributedAvailabilityGroups", "/databases");

            // A closing check that finds a link missing reads the databases too, since a link is created only
            // where the instance has no database of that name.
            twin.session.arm().links().delete("DAG_Sales");
            InstanceObservation earlier = InstanceObserver.observe(twin.session.instance(), twin.session.arm());
            int from = twin.twins.arm().orElseThrow().receivedRequests().size();
            InstanceObserver.observeAfterChanges(earlier, twin.session.instance(), twin.session.arm(),
                    TwinLink.sales(SqlServerObserver.observe(twin.session.sql())));
            assertThat(armReads(twin, from)).containsExactly("/serverTrustCertificates",
                    "/distributedAvailabilityGroups", "/databases");
        }
    }

    /** SQL Server requests each applied step sent, by step id. */
    private static Map<String, Integer> sqlRequestsPerStep(TwinLink twin) throws Exception {
        Map<String, Integer> perStep = new java.util.LinkedHashMap<>();
        int[] before = new int[1];
        LinkEngine.create(twin.session, TwinLink::sales, new UnjournaledRun(), new LinkEngine.Progress() {
            @Override
            public void applying(PlannedStep step) {
                before[0] = sqlRequests(twin);
            }

            @Override
            public void applied(PlannedStep step) {
                perStep.put(step.id(), sqlRequests(twin) - before[0]);
            }
        });
        return perStep;
    }

    @Test
    void theUploadTakesTheCertificateTheStepBeforeCreatedAndReadsItItselfOnlyWhenItWasThereBefore() throws Exception {
        try (TwinLink twin = TwinLink.ready2022()) {
            Map<String, Integer> first = sqlRequestsPerStep(twin);
            assertThat(first).containsEntry("sql.certificate", 1).containsEntry("arm.trustCertificate", 0);

            // The certificate stays on SQL Server; its upload is gone from the instance: the upload reads it.
            twin.session.arm().trustCertificates().delete("Cert_SQL22_endpoint");
            Map<String, Integer> again = sqlRequestsPerStep(twin);
            assertThat(again).containsOnlyKeys("arm.trustCertificate").containsEntry("arm.trustCertificate", 1);
            assertThat(LinkEngine.plan(twin.session, TwinLink::sales).nothingToDo()).isTrue();
        }
    }
}
