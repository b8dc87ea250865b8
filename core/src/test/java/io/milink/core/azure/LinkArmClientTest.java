package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.milink.core.azure.LinkRequests.FailoverMode;
import io.milink.core.azure.LinkRequests.FailoverType;
import io.milink.core.azure.LinkRequests.LinkCreation;
import io.milink.core.azure.LinkRequests.LinkRole;
import io.milink.core.azure.LinkRequests.ReplicationMode;
import io.milink.core.azure.LinkRequests.RoleChangeType;
import io.milink.simulator.arm.ArmError;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.ArmFaultPlan.RouteFault;
import io.milink.simulator.arm.ArmRequestContracts;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.arm.ManagedInstanceScenario;
import io.milink.simulator.arm.RecordedRequest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The link's ARM writes through the real Azure SDK pipeline (bearer policy, retry policy, JDK HttpClient) over HTTPS
 * against the ARM twin, and the bodies milink sent checked against the 2025-01-01 contracts.
 */
class LinkArmClientTest {

    private static final String DAG = "Link_SalesAG";

    private static final ArmError NO_CERT = ArmError.of(400, "ManagedInstanceLinkCertificateNotFoundOnManagedInstance",
            "The certificate of SQL Server was not found on the managed instance.");
    private static final ArmError NOT_SYNCHRONIZING = ArmError.of(409,
            "DistributedAvailabilityGroupFailoverSecondariesNotSynchronizing", "Secondaries are not synchronizing.");

    /**
     * Twins behaving well, shared by the tests that do not need faults (each cleans up what it creates). A link
     * needs a SQL Server partner prepared by the documented script: the partner has a database per link.
     */
    private static TwinPartner pair;
    private static ArmTwin twin;
    private static LinkArmClient arm;
    /**
     * One pair for every fault test: each fault matches a path only its own test uses and fires once, so the tests
     * do not disturb each other in any order (a twin costs a second of RSA key generation).
     */
    private static TwinPartner faultyPair;
    private static ArmTwin faulty;

    @BeforeAll
    static void startTwins() {
        pair = TwinPartner.start(ArmFaultPlan.NONE, Duration.ZERO, "Contracts", "Role", "NoReadBack");
        twin = pair.arm();
        arm = TwinArm.linkClient(twin);
        faultyPair = TwinPartner.start(ArmFaultPlan.of(
                RouteFault.failOperation("PUT", "/distributedAvailabilityGroups/Link_Fail$", NO_CERT, 1),
                RouteFault.failOperation("POST", "/Link_FailOver/failover$", NOT_SYNCHRONIZING, 1),
                RouteFault.serverError("GET", "/distributedAvailabilityGroups$", 503, 1),
                RouteFault.serverError("PUT", "/distributedAvailabilityGroups/Link_Retry$", 500, 1),
                RouteFault.throttle("PUT", "/serverTrustCertificates/Throttled_cert$", Duration.ofSeconds(1), 1),
                RouteFault.latency("GET", "/serverTrustCertificates$", Duration.ofMillis(400))), Duration.ZERO,
                "Fail", "FailOver", "Retry");
        faulty = faultyPair.arm();
    }

    @AfterAll
    static void stopTwins() {
        pair.close();
        faultyPair.close();
    }

    /** A real DER certificate to upload: the twin's intermediate CA will do, it is not on the instance yet. */
    private static String certificateHex(String pem) throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        return HexFormat.of().formatHex(cert.getEncoded());
    }

    /** A link of one database; the database must be new to the twin (a link leaves its database behind). */
    private static LinkCreation link(String database) {
        return new LinkCreation(database + "AG_MI", database + "AG", "TCP://sql01.contoso.local:5022",
                List.of(database), LinkRole.SECONDARY, FailoverMode.MANUAL, ReplicationMode.ASYNC);
    }

    @Test
    void aTrustCertificateIsUploadedReadListedAndDeletedAndEachStepIsIdempotent() throws Exception {
        trustCertificateLifecycle(twin, arm);
    }

    private static void trustCertificateLifecycle(ArmTwin twin, LinkArmClient arm) throws Exception {
        ServerTrustCertificates certs = arm.trustCertificates();
        String hex = certificateHex(twin.endpointCertificateIntermediatePem());
        assertThat(certs.get("SQL01_cert")).as("absent before upload").isEmpty();

        ServerTrustCertificate uploaded = certs.put("SQL01_cert", "0x" + hex);
        assertThat(uploaded.certificateName()).isEqualTo("SQL01_cert");
        assertThat(uploaded.thumbprint()).isNotBlank();
        assertThat(uploaded.publicBlob()).isEqualToIgnoringCase(hex);
        assertThat(twin.instance().trustCertificateNames()).contains("SQL01_cert");

        assertThat(certs.put("SQL01_cert", hex)).as("same certificate, same name: answered at once")
                .isEqualTo(uploaded);
        assertThat(certs.list()).extracting(ServerTrustCertificate::name).contains("SQL01_cert");
        assertThat(certs.get("SQL01_cert")).contains(uploaded);

        certs.delete("SQL01_cert");
        assertThat(certs.get("SQL01_cert")).isEmpty();
        assertThat(twin.instance().trustCertificateNames()).doesNotContain("SQL01_cert");
        certs.delete("SQL01_cert");
    }

    @Test
    void withoutReadBackAWriteWaitsForItsOperationButSendsNoFinalGetOfTheResource() throws Exception {
        String cert = "NoReadBack_cert";
        String dag = "Link_NoReadBack";
        // A certificate of its own: the instance refuses one certificate under two names.
        String hex = HexFormat.of().formatHex(io.milink.simulator.pki.CertificateIssuer.selfSigned("NoReadBack",
                java.time.Instant.now(), java.time.Instant.now().plus(Duration.ofDays(1))).der());
        pair.prepare(dag, link("NoReadBack"));
        int before = twin.receivedRequests().size();
        try {
            arm.trustCertificates().putWithoutReadBack(cert, "0x" + hex, AcceptedOperation.Listener.NONE);
            arm.links().createWithoutReadBack(dag, link("NoReadBack"), AcceptedOperation.Listener.NONE);

            List<RecordedRequest> sent = twin.receivedRequests().subList(before, twin.receivedRequests().size());
            assertThat(sent).filteredOn(r -> !r.path().contains("AzureAsyncOperation")
                            && !r.path().contains("OperationResults"))
                    .extracting(r -> r.method() + " " + r.path().replaceAll("^.*/", ""))
                    .as("each PUT, then its operation's polls until it succeeded, and no GET of the resource after")
                    .containsExactly("PUT " + cert, "PUT " + dag);
            assertThat(sent).filteredOn(r -> r.path().contains("AzureAsyncOperation")).as("polled to the end")
                    .isNotEmpty();
            assertThat(twin.instance().trustCertificateNames()).contains(cert);
            assertThat(arm.links().get(dag)).isPresent();
        } finally {
            arm.links().delete(dag);
            arm.trustCertificates().delete(cert);
            pair.sql("DROP AVAILABILITY GROUP " + io.milink.core.Tsql.quoteName(dag));
            pair.sql("DROP AVAILABILITY GROUP " + io.milink.core.Tsql.quoteName("NoReadBackAG"));
        }
    }

    @Test
    void aLinkIsCreatedChangedFailedOverAndDeletedThroughLongRunningOperations() throws Exception {
        linkLifecycle(pair, arm, "Sales");
    }

    private static void linkLifecycle(TwinPartner pair, LinkArmClient arm, String database) throws Exception {
        ArmTwin twin = pair.arm();
        DistributedAvailabilityGroups links = arm.links();
        assertThat(links.get(DAG)).isEmpty();

        pair.prepare(DAG, link(database));
        DistributedAvailabilityGroup created = links.create(DAG, link(database));
        assertThat(created.name()).isEqualTo(DAG);
        assertThat(created.instanceLinkRole()).isEqualTo("Secondary");
        assertThat(created.partnerLinkRole()).isEqualTo("Primary");
        assertThat(created.partnerEndpoint()).isEqualTo("TCP://sql01.contoso.local:5022");
        assertThat(created.failoverMode()).isEqualTo("Manual");
        assertThat(created.distributedAvailabilityGroupId()).isNotNull();
        assertThat(created.databases()).singleElement().satisfies(db -> {
            assertThat(db.databaseName()).isEqualTo(database);
            assertThat(db.instanceReplicaId()).isNotNull();
            assertThat(db.lastHardenedLsn()).isNotBlank();
            assertThat(db.replicaState()).as("a new link starts seeding").isEqualTo("CreatingLink");
            assertThat(db.lastBackupTime()).as("times are parsed").isNotNull();
        });
        assertThat(links.create(DAG, link(database))).as("create again: the existing link")
                .extracting(DistributedAvailabilityGroup::distributedAvailabilityGroupId)
                .isEqualTo(created.distributedAvailabilityGroupId());
        assertThat(links.list()).extracting(DistributedAvailabilityGroup::name).contains(DAG);

        assertThat(links.changeReplicationMode(DAG, ReplicationMode.SYNC).replicationMode()).isEqualTo("Sync");
        assertThat(links.get(DAG).orElseThrow().replicationMode()).isEqualTo("Sync");

        pair.clock().advance(Duration.ofMinutes(5));
        DistributedAvailabilityGroup promoted = links.setRole(DAG, LinkRole.PRIMARY, RoleChangeType.FORCED);
        assertThat(promoted.instanceLinkRole()).isEqualTo("Primary");
        // SQL Server still claims primary after the forced promotion (split brain) until it is demoted.
        pair.sql("ALTER AVAILABILITY GROUP " + io.milink.core.Tsql.quoteName(DAG) + " SET (ROLE = SECONDARY)");
        pair.clock().advance(Duration.ofSeconds(10));
        DistributedAvailabilityGroup failedBack = links.failover(DAG, FailoverType.PLANNED);
        assertThat(failedBack.instanceLinkRole()).as("planned failover hands the primary role to SQL Server")
                .isEqualTo("Secondary");
        assertThat(failedBack.partnerLinkRole()).isEqualTo("Primary");

        links.delete(DAG);
        assertThat(links.get(DAG)).isEmpty();
        assertThat(twin.instance().linkNames()).doesNotContain(DAG);
        links.delete(DAG);
        pair.sql("DROP AVAILABILITY GROUP " + io.milink.core.Tsql.quoteName(DAG));
        pair.sql("DROP AVAILABILITY GROUP " + io.milink.core.Tsql.quoteName(database + "AG"));
    }

    @Test
    void everyBodyMilinkSentMatchesThe20250101Contracts() throws Exception {
        trustCertificateLifecycle(twin, arm);
        linkLifecycle(pair, arm, "Contracts");
        List<RecordedRequest> toResources = twin.receivedRequests().stream()
                .filter(r -> r.path().contains("/managedInstances/")).toList();
        Set<String> operations = new TreeSet<>();
        for (RecordedRequest request : toResources) {
            assertThat(ArmRequestContracts.problems(request)).as(request.method() + " " + request.path()
                    + " body " + request.body()).isEmpty();
            operations.add(ArmRequestContracts.operationId(request).orElseThrow());
        }
        assertThat(operations).containsExactlyInAnyOrder(
                "ServerTrustCertificates_ListByInstance", "ServerTrustCertificates_Get",
                "ServerTrustCertificates_CreateOrUpdate", "ServerTrustCertificates_Delete",
                "DistributedAvailabilityGroups_ListByInstance", "DistributedAvailabilityGroups_Get",
                "DistributedAvailabilityGroups_CreateOrUpdate", "DistributedAvailabilityGroups_Update",
                "DistributedAvailabilityGroups_Delete", "DistributedAvailabilityGroups_Failover",
                "DistributedAvailabilityGroups_SetRole", "EndpointCertificates_Get");
        assertThat(toResources).filteredOn(r -> r.method().equals("PUT") && r.path().endsWith("/" + DAG))
                .last().extracting(RecordedRequest::body).asString()
                .as("only writable properties, the documented create body")
                .contains("\"instanceAvailabilityGroupName\":\"ContractsAG_MI\"",
                        "\"databases\":[{\"databaseName\":\"Contracts\"}]")
                .doesNotContain("partnerLinkRole", "distributedAvailabilityGroupId");
    }

    @Test
    void aRefusedFirstResponseSurfacesArmsCodeAndMessage() throws Exception {
        ArmCallException invalid = catchThrowableOfType(ArmCallException.class,
                () -> arm.trustCertificates().put("bad_cert", "ABCD"));
        assertThat(invalid).isNotInstanceOf(ArmOperationFailedException.class);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.code()).isEqualTo("InvalidPublicBlob");
        assertThat(invalid.getMessage()).contains("PUT /serverTrustCertificates/bad_cert")
                .contains("Invalid public blob specified");

        String hex = certificateHex(twin.endpointCertificateRootPem());
        arm.trustCertificates().put("root_a", hex);
        ArmCallException clash = catchThrowableOfType(ArmCallException.class,
                () -> arm.trustCertificates().put("root_b", hex));
        assertThat(clash.code()).isEqualTo("CertificateAlreadyExists");
        assertThat(clash.getMessage()).contains("already exists");
        arm.trustCertificates().delete("root_a");

        LinkCreation role = new LinkCreation("RoleAG_MI", "RoleAG", "TCP://sql01:5022", List.of("Role"),
                LinkRole.SECONDARY, FailoverMode.NONE, null);
        pair.prepare("Link_Role", role);
        arm.links().create("Link_Role", role);
        ArmCallException sameRole = catchThrowableOfType(ArmCallException.class,
                () -> arm.links().setRole("Link_Role", LinkRole.SECONDARY, RoleChangeType.FORCED));
        assertThat(sameRole.status()).isEqualTo(409);
        assertThat(sameRole.code()).isEqualTo("DistributedAvailabilityGroupSetRoleInstanceAlreadyInRequestedRole");
        ArmCallException nameInUse = catchThrowableOfType(ArmCallException.class,
                () -> arm.links().create("Link_HR", new LinkCreation("HR_MI", "HRAG", "TCP://sql01:5022",
                        List.of("HR"), LinkRole.SECONDARY, FailoverMode.NONE, null)));
        assertThat(nameInUse.code()).isEqualTo("ManagedDatabaseNameInUse");
        arm.links().delete("Link_Role");
    }

    @Test
    void aStoppedInstanceRefusesChangesWithArmsCode() {
        twin.instance().setState(ManagedInstanceScenario.State.Stopped);
        try {
            ArmCallException e = catchThrowableOfType(ArmCallException.class,
                    () -> arm.links().create("Link_Stopped", link("Stopped")));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("ManagedInstanceStoppingOrStopped");
            assertThat(e.getMessage()).contains("stopping/stopped");
        } finally {
            twin.instance().setState(ManagedInstanceScenario.State.Ready);
        }
    }

    @Test
    void anOperationThatEndsFailedSurfacesTheOperationsErrorForAsyncOperationAndLocationPolling() throws Exception {
        DistributedAvailabilityGroups links = TwinArm.linkClient(faulty).links();

        ArmOperationFailedException create = catchThrowableOfType(ArmOperationFailedException.class,
                () -> links.create("Link_Fail", link("Fail")));
        assertThat(create.code()).isEqualTo("ManagedInstanceLinkCertificateNotFoundOnManagedInstance");
        assertThat(create.getMessage()).contains("ended Failed").contains("was not found on the managed instance");
        assertThat(links.get("Link_Fail")).as("a failed create leaves nothing").isEmpty();

        faultyPair.prepare("Link_FailOver", link("FailOver"));
        links.create("Link_FailOver", link("FailOver"));
        links.setRole("Link_FailOver", LinkRole.PRIMARY, RoleChangeType.FORCED);
        ArmOperationFailedException failover = catchThrowableOfType(ArmOperationFailedException.class,
                () -> links.failover("Link_FailOver", FailoverType.PLANNED));
        assertThat(failover.status()).as("what the Location URL answered").isEqualTo(409);
        assertThat(failover.code()).isEqualTo("DistributedAvailabilityGroupFailoverSecondariesNotSynchronizing");
        assertThat(links.get("Link_FailOver").orElseThrow().instanceLinkRole()).isEqualTo("Primary");
    }

    @Test
    void serverErrorsAreRetriedByThePipeline() throws Exception {
        DistributedAvailabilityGroups links = TwinArm.linkClient(faulty).links();
        assertThat(links.list()).extracting(DistributedAvailabilityGroup::name).doesNotContain("Link_Retry");
        faultyPair.prepare("Link_Retry", link("Retry"));
        assertThat(links.create("Link_Retry", link("Retry")).name()).isEqualTo("Link_Retry");
        assertThat(faulty.receivedRequests()).filteredOn(r -> r.method().equals("PUT")
                && r.path().endsWith("/Link_Retry")).as("the 500 and the retry").hasSize(2);
    }

    @Test
    void aThrottledWriteIsRetriedAfterTheRetryAfterArmAsked() throws Exception {
        String hex = certificateHex(faulty.endpointCertificateRootPem());
        long start = System.nanoTime();
        assertThat(TwinArm.linkClient(faulty).trustCertificates().put("Throttled_cert", hex).thumbprint())
                .isNotBlank();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(faulty.receivedRequests()).filteredOn(r -> r.method().equals("PUT")
                && r.path().endsWith("/Throttled_cert")).as("the 429 and the retry").hasSize(2);
    }

    @Test
    void operationPollsWaitTheRetryAfterArmAsksNotTheClientsShorterInterval() throws Exception {
        try (TwinPartner slowPair = TwinPartner.start(ArmFaultPlan.NONE, Duration.ofSeconds(1), "Slow", "Impatient")) {
            ArmTwin slowOps = slowPair.arm();
            slowPair.prepare(DAG, link("Slow"));
            long start = System.nanoTime();
            TwinArm.linkClient(slowOps).links().create(DAG, link("Slow"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));

            LinkArmClient impatient = LinkArmClient.connect(ManagedInstanceRef.parse(slowOps.resourceId()),
                    TwinArm.ANY_TOKEN, TwinArm.environment(slowOps), TwinArm.httpClient(slowOps), TwinArm.FAST_POLL,
                    Duration.ofMillis(300));
            ArmCallException stillRunning = catchThrowableOfType(ArmCallException.class,
                    () -> impatient.links().create("Link_Impatient", link("Impatient")));
            assertThat(stillRunning).isNotInstanceOf(ArmOperationFailedException.class);
            assertThat(stillRunning.getMessage()).contains("PUT /distributedAvailabilityGroups/Link_Impatient")
                    .contains("still running after PT0.3S").contains("continues in Azure");
        }
    }

    @Test
    void anOperationAcceptedByOneClientIsAwaitedByAnotherWithoutSendingTheRequestAgain() throws Exception {
        try (TwinPartner slowPair = TwinPartner.start(ArmFaultPlan.NONE, Duration.ofSeconds(1), "Resumed")) {
            ArmTwin slowOps = slowPair.arm();
            slowPair.prepare("Link_Resumed", link("Resumed"));
            // The first client gives up waiting (as a crashed run would stop), having recorded what Azure accepted.
            LinkArmClient gaveUp = LinkArmClient.connect(ManagedInstanceRef.parse(slowOps.resourceId()),
                    TwinArm.ANY_TOKEN, TwinArm.environment(slowOps), TwinArm.httpClient(slowOps), TwinArm.FAST_POLL,
                    Duration.ofMillis(300));
            List<AcceptedOperation> recorded = new java.util.ArrayList<>();
            catchThrowableOfType(ArmCallException.class,
                    () -> gaveUp.links().createWithoutReadBack("Link_Resumed", link("Resumed"), recorded::add));
            assertThat(recorded).singleElement().satisfies(op -> {
                assertThat(op.method()).isEqualTo("PUT");
                assertThat(op.subPath()).isEqualTo("/distributedAvailabilityGroups/Link_Resumed");
                assertThat(op.asyncOperationUrl() != null || op.locationUrl() != null).isTrue();
            });

            TwinArm.linkClient(slowOps).awaitOperation(recorded.get(0));

            assertThat(TwinArm.linkClient(slowOps).links().get("Link_Resumed")).isPresent();
            assertThat(slowOps.receivedRequests()).filteredOn(r -> r.method().equals("PUT")
                    && r.path().endsWith("/Link_Resumed")).as("one PUT, however many clients waited").hasSize(1);
        }
    }

    @Test
    void awaitingAnAcceptedOperationThatFailedSurfacesArmsError() throws Exception {
        try (TwinPartner failing = TwinPartner.start(ArmFaultPlan.of(RouteFault.failOperation("PUT",
                "/distributedAvailabilityGroups/Link_Doomed$", NO_CERT, 1)), Duration.ofSeconds(1), "Doomed")) {
            ArmTwin arm = failing.arm();
            LinkArmClient gaveUp = LinkArmClient.connect(ManagedInstanceRef.parse(arm.resourceId()),
                    TwinArm.ANY_TOKEN, TwinArm.environment(arm), TwinArm.httpClient(arm), TwinArm.FAST_POLL,
                    Duration.ofMillis(200));
            List<AcceptedOperation> recorded = new java.util.ArrayList<>();
            catchThrowableOfType(ArmCallException.class,
                    () -> gaveUp.links().createWithoutReadBack("Link_Doomed", link("Doomed"), recorded::add));
            assertThat(recorded).hasSize(1);

            ArmOperationFailedException failed = catchThrowableOfType(ArmOperationFailedException.class,
                    () -> TwinArm.linkClient(arm).awaitOperation(recorded.get(0)));
            assertThat(failed.code()).isEqualTo("ManagedInstanceLinkCertificateNotFoundOnManagedInstance");
            assertThat(failed.getMessage()).contains("accepted earlier");
        }
    }

    @Test
    void aStatusThatCannotBeReadIsNotAFailedOperation() throws Exception {
        ArmError gone = ArmError.of(404, "OperationIdNotFound", "The operation was not found.");
        try (TwinPartner noStatus = TwinPartner.start(ArmFaultPlan.of(RouteFault.error("GET",
                "distributedAvailabilityGroupsAzureAsyncOperation/", gone, 0)), Duration.ZERO, "Unread")) {
            noStatus.prepare("Link_Unread", link("Unread"));
            ArmCallException unread = catchThrowableOfType(ArmCallException.class, () -> TwinArm.linkClient(
                    noStatus.arm()).links().createWithoutReadBack("Link_Unread", link("Unread"),
                    AcceptedOperation.Listener.NONE));
            assertThat(unread).as("the operation may still run: not 'ended Failed'")
                    .isNotInstanceOf(ArmOperationFailedException.class);
            assertThat(unread.getMessage()).contains("could not read the operation's status (HTTP 404",
                    "may still be running in Azure");
        }
    }

    @Test
    void aJournalThatCannotRecordTheAcceptedOperationIsNotMistakenForAzureRefusingIt() throws Exception {
        try (TwinPartner unrecorded = TwinPartner.start(ArmFaultPlan.NONE, Duration.ZERO, "Unrecorded")) {
            unrecorded.prepare("Link_Unrecorded", link("Unrecorded"));
            LinkArmClient client = TwinArm.linkClient(unrecorded.arm());
            IllegalStateException notRecorded = catchThrowableOfType(IllegalStateException.class,
                    () -> client.links().createWithoutReadBack("Link_Unrecorded", link("Unrecorded"), op -> {
                        throw new IllegalStateException("journal: disk full");
                    }));
            assertThat(notRecorded.getMessage()).contains("Azure accepted PUT /distributedAvailabilityGroups/"
                    + "Link_Unrecorded", "has succeeded", "could not record it: journal: disk full");
            assertThat(client.links().get("Link_Unrecorded")).as("the operation went on to its end").isPresent();
        }
    }

    @Test
    void anAcceptedOperationsStatusUrlIsFollowedOnlyOnTheResourceManagerEndpoint() {
        AcceptedOperation elsewhere = new AcceptedOperation("PUT", "/distributedAvailabilityGroups/Link_X",
                "https://attacker.example/operations/1", null);
        ArmCallException refused = catchThrowableOfType(ArmCallException.class,
                () -> arm.awaitOperation(elsewhere));
        assertThat(refused.getMessage()).contains("is not on the resource manager endpoint",
                "does not send its token there");
        assertThat(twin.receivedRequests()).noneMatch(r -> r.path().contains("operations/1"));
    }

    @Test
    void aSlowArmIsWaitedForNotTimedOutAndAskedAgain() throws Exception {
        Supplier<Long> listsSent = () -> faulty.receivedRequests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/serverTrustCertificates")).count();
        long before = listsSent.get();
        long start = System.nanoTime();
        TwinArm.linkClient(faulty).trustCertificates().list();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(listsSent.get() - before).as("one request, answered late; a client timeout would have sent two")
                .isEqualTo(1);
    }
}
