package io.milink.core.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.ArmTwin;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The client through the real Azure SDK pipeline over HTTPS, against the ARM twin. */
class ManagedInstanceClientTest {

    static ManagedInstanceClient client(ArmTwin twin, ManagedInstanceRef ref) {
        return ManagedInstanceClient.connect(ref, TwinArm.ANY_TOKEN, TwinArm.environment(twin),
                TwinArm.httpClient(twin));
    }

    private static ArmTwin twin(ArmFaultPlan faults) throws Exception {
        return TwinArm.builder(BuiltInScenarios.yaml("ready-2022"), "ready-2022").faults(faults).start();
    }

    @Test
    void readsTheInstanceItsDatabasesItsEndpointCertificateAndNoFailoverGroupOrLinks() throws Exception {
        try (ArmTwin twin = twin(ArmFaultPlan.NONE)) {
            ManagedInstanceClient client = client(twin, ManagedInstanceRef.parse(twin.resourceId()));
            ManagedInstanceInfo info = client.instance();
            assertThat(info.state()).isEqualTo("Ready");
            assertThat(info.fqdn()).isEqualTo("mi-target-01.abc123def456.database.windows.net");
            assertThat(info.collation()).isEqualTo("SQL_Latin1_General_CP1_CI_AS");
            assertThat(info.updatePolicy()).isEqualTo("SQLServer2022");
            assertThat(info.tier()).isEqualTo("GeneralPurpose");
            assertThat(client.databaseNames()).containsExactly("HR");
            String blob = client.endpointCertificateBlob();
            byte[] der = HexFormat.of().parseHex(blob.startsWith("0x") ? blob.substring(2) : blob);
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            assertThat(cert.getSubjectX500Principal().getName()).contains(info.fqdn());
            // ready-2022's instance is in no failover group and has no links yet.
            assertThat(info.serviceTier()).isEqualTo("GeneralPurpose");
            assertThat(client.instanceFailoverGroups(info.location())).isEmpty();
            assertThat(client.links()).isEmpty();
        }
    }

    /** ready-2022 with every instance field the checks read changed from its default. */
    private static final String BUSY_INSTANCE = BuiltInScenarios.yaml("ready-2022")
            .replace("  tier: GeneralPurpose", "  tier: NextGenGeneralPurpose")
            .replace("  usedStorageGb: 10", "  usedStorageGb: 200")
            .replace("  databases: [ HR ]", "  databases: [ HR, Payroll, Finance, Audit, Archive ]")
            .replace("  failoverGroup: false", "  failoverGroup: true")
            .replace("  grantedActions: [ \"Microsoft.Sql/managedInstances/*\" ]",
                    "  grantedActions: [ \"Microsoft.Sql/managedInstances/read\", "
                            + "\"Microsoft.Sql/managedInstances/databases/*\" ]\n"
                            + "  links:\n"
                            + "    - { name: link_hr, instanceAvailabilityGroupName: mi_hr, "
                            + "partnerAvailabilityGroupName: AG_HR, databases: [ HR ] }");

    @Test
    void readsTierStorageFailoverGroupsLinksAndPermissions() throws Exception {
        try (ArmTwin twin = TwinArm.builder(BUSY_INSTANCE, "busy").start()) {
            ManagedInstanceClient client = client(twin, ManagedInstanceRef.parse(twin.resourceId()));
            ManagedInstanceInfo info = client.instance();
            assertThat(info.tier()).isEqualTo("GeneralPurpose");
            assertThat(info.serviceTier()).isEqualTo("NextGenGeneralPurpose");
            assertThat(info.vCores()).isEqualTo(8);
            assertThat(info.storageSizeGb()).isEqualTo(256);
            assertThat(info.location()).isEqualTo("westeurope");
            assertThat(client.usedStorageMb()).isEqualTo(200 * 1024.0);
            assertThat(client.instanceFailoverGroups(info.location())).containsExactly("fog-mi-target-01");
            assertThat(client.instanceFailoverGroups("northeurope")).isEmpty();
            assertThat(client.links()).containsExactly(
                    new ExistingLink("link_hr", "mi_hr", "AG_HR", "Secondary", List.of("HR")));
            List<PermissionGrant> grants = client.permissions();
            assertThat(PermissionGrant.anyAllows(grants, "Microsoft.Sql/managedInstances/read")).isTrue();
            assertThat(PermissionGrant.anyAllows(grants, "Microsoft.Sql/managedInstances/databases/write")).isTrue();
            assertThat(PermissionGrant.anyAllows(grants, "Microsoft.Sql/managedInstances/write")).isFalse();
        }
    }

    @Test
    void theDatabaseListFollowsNextLinkAcrossPages() throws Exception {
        try (ArmTwin twin = TwinArm.builder(BUSY_INSTANCE, "busy").listPageSize(2).start()) {
            assertThat(client(twin, ManagedInstanceRef.parse(twin.resourceId())).databaseNames())
                    .containsExactly("HR", "Payroll", "Finance", "Audit", "Archive");
        }
    }

    @Test
    void anUnknownInstanceSurfacesArmsErrorCode() throws Exception {
        try (ArmTwin twin = twin(ArmFaultPlan.NONE)) {
            ManagedInstanceRef missing = new ManagedInstanceRef("00000000-0000-0000-0000-000000000001", "rg-link",
                    "no-such-mi");
            ArmCallException e = catchThrowableOfType(ArmCallException.class,
                    () -> client(twin, missing).instance());
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("ResourceNotFound");
        }
    }

    @Test
    void aFailedReadNamesTheCallAndKeepsArmsOwnMessageApart() throws Exception {
        try (ArmTwin twin = twin(ArmFaultPlan.NONE)) {
            ManagedInstanceRef missing = new ManagedInstanceRef("00000000-0000-0000-0000-000000000001", "rg-link",
                    "no-such-mi");
            ArmCallException e = catchThrowableOfType(ArmCallException.class,
                    () -> client(twin, missing).databaseNames());
            assertThat(e.code()).isEqualTo("ResourceNotFound");
            assertThat(e.armMessage()).isNotBlank().doesNotContain("refused by Azure Resource Manager");
            assertThat(e.getMessage()).startsWith("GET /databases refused by Azure Resource Manager (404 "
                    + "ResourceNotFound): ").endsWith(e.armMessage());
        }
    }

    @Test
    void aThrottledCallIsRetriedAfterTheRetryAfterArmAsked() throws Exception {
        ArmFaultPlan throttleOnce = ArmFaultPlan.of(ArmFaultPlan.RouteFault.throttle("GET",
                "/managedInstances/[^/]+$", Duration.ofSeconds(1), 1));
        try (ArmTwin twin = twin(throttleOnce)) {
            long start = System.nanoTime();
            assertThat(client(twin, ManagedInstanceRef.parse(twin.resourceId())).instance().state())
                    .isEqualTo("Ready");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void resourceIdsParseAndBadOnesSayWhatIsExpected() {
        ManagedInstanceRef ref = ManagedInstanceRef.parse(
                "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1");
        assertThat(ref).isEqualTo(new ManagedInstanceRef("s1", "rg", "mi1"));
        assertThat(ref.resourceId()).endsWith("/managedInstances/mi1");
        assertThatThrownBy(() -> ManagedInstanceRef.parse("mi1")).hasMessageContaining("/subscriptions/SUB");
    }
}
