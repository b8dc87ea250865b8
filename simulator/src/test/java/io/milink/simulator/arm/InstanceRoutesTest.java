package io.milink.simulator.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class InstanceRoutesTest {

    private static ArmTwin twin;
    private static ArmTestClient client;

    @BeforeAll
    static void start() {
        twin = TwinFixture.ready();
        client = new ArmTestClient(twin);
    }

    @AfterAll
    static void stop() {
        twin.close();
    }

    @Test
    void instanceGetShowsTheScenario() {
        JsonNode mi = client.get(client.mi("")).body();
        assertThat(mi.path("id").asText()).isEqualTo("/subscriptions/00000000-0000-0000-0000-000000000001"
                + "/resourceGroups/rg-link/providers/Microsoft.Sql/managedInstances/mi-target-01");
        assertThat(mi.path("type").asText()).isEqualTo("Microsoft.Sql/managedInstances");
        assertThat(mi.path("sku").path("tier").asText()).isEqualTo("GeneralPurpose");
        assertThat(mi.path("sku").path("capacity").asInt()).isEqualTo(8);
        JsonNode p = mi.path("properties");
        assertThat(p.path("state").asText()).isEqualTo("Ready");
        assertThat(p.path("fullyQualifiedDomainName").asText()).isEqualTo("mi-target-01.abc123def456.database.windows.net");
        assertThat(p.path("collation").asText()).isEqualTo("SQL_Latin1_General_CP1_CI_AS");
        assertThat(p.path("vCores").asInt()).isEqualTo(8);
        assertThat(p.path("storageSizeInGB").asInt()).isEqualTo(256);
        assertThat(p.path("databaseFormat").asText()).isEqualTo("SQLServer2022");
        assertThat(p.path("dnsZone").asText()).isEqualTo("abc123def456");
    }

    @Test
    void theDatabaseListIsPagedWithAnAbsoluteNextLinkAsArmDoes() {
        String yaml = TwinFixture.scenario(TwinFixture.READY).replace("databases: [ HR ]",
                "databases: [ HR, Payroll, Finance ]");
        try (ArmTwin paged = TwinFixture.start(yaml, ArmFaultPlan.NONE, 2)) {
            ArmTestClient c = new ArmTestClient(paged);
            JsonNode first = c.get(c.mi("/databases")).body();
            assertThat(first.path("value")).extracting(d -> d.path("name").asText()).containsExactly("HR", "Payroll");
            String next = first.path("nextLink").asText();
            assertThat(next).startsWith(paged.baseUrl() + paged.resourceId() + "/databases?api-version=2025-01-01");
            JsonNode second = c.getUrl(next).body();
            assertThat(second.path("value")).extracting(d -> d.path("name").asText()).containsExactly("Finance");
            assertThat(second.has("nextLink")).isFalse();
            ArmTestClient.Response bad = c.get(c.mi("/databases") + "&$skipToken=9");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().path("error").path("code").asText()).isEqualTo("InvalidSkipToken");
        }
    }

    @Test
    void tierAndStateFollowTheScenario() throws Exception {
        String yaml = TwinFixture.scenario(TwinFixture.READY).replace("tier: GeneralPurpose", "tier: NextGenGeneralPurpose")
                .replace("state: Ready", "state: Stopped").replace("updatePolicy: SQLServer2022", "updatePolicy: AlwaysUpToDate");
        try (ArmTwin other = TwinFixture.start(yaml, ArmFaultPlan.NONE)) {
            ArmTestClient c = new ArmTestClient(other);
            JsonNode p = c.get(c.mi("")).body().path("properties");
            assertThat(p.path("state").asText()).isEqualTo("Stopped");
            assertThat(p.path("isGeneralPurposeV2").asBoolean()).isTrue();
            assertThat(p.path("databaseFormat").asText()).isEqualTo("AlwaysUpToDate");
            ArmTestClient.Response cert = c.get(c.mi("/endpointCertificates/DATABASE_MIRRORING"));
            assertThat(cert.status()).isEqualTo(400);
            assertThat(cert.errorCode()).isEqualTo("ManagedInstanceStoppingOrStopped");
        }
    }

    @Test
    void databasesListsTheScenarioDatabases() {
        JsonNode list = client.get(client.mi("/databases")).body();
        assertThat(list.path("value")).hasSize(1);
        assertThat(list.path("value").get(0).path("name").asText()).isEqualTo("HR");
        assertThat(list.path("value").get(0).path("type").asText()).isEqualTo("Microsoft.Sql/managedInstances/databases");
    }

    @Test
    void endpointCertificateIsARealCertificateChainedToTheTwinRoot() throws Exception {
        ArmTestClient.Response r = client.get(client.mi("/endpointCertificates/DATABASE_MIRRORING"));
        assertThat(r.status()).isEqualTo(200);
        String blob = r.body().path("properties").path("publicBlob").asText();
        assertThat(blob).startsWith("0x");
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate leaf = (X509Certificate) x509.generateCertificate(
                new ByteArrayInputStream(HexFormat.of().parseHex(blob.substring(2).toLowerCase())));
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=mi-target-01.abc123def456.database.windows.net");

        X509Certificate root = (X509Certificate) x509.generateCertificate(
                new ByteArrayInputStream(twin.endpointCertificateRootPem().getBytes()));
        X509Certificate intermediate = twin.instance().endpointCertificate().intermediate().certificate();
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(x509.generateCertPath(List.of(leaf, intermediate)), params);
        assertThat(root.getSubjectX500Principal().getName()).contains("not an Azure root");
    }

    @Test
    void endpointCertificateListHoldsDatabaseMirroringOnly() {
        JsonNode list = client.get(client.mi("/endpointCertificates")).body();
        assertThat(list.path("value")).hasSize(1);
        assertThat(list.path("value").get(0).path("name").asText()).isEqualTo("DATABASE_MIRRORING");
        assertThat(client.get(client.mi("/endpointCertificates/SERVICE_BROKER")).errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void permissionsAreTheScenariosGrantedActions() {
        ArmTestClient.Response r = client.get(twin.resourceId()
                + "/providers/Microsoft.Authorization/permissions?api-version=2022-04-01");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("value").get(0).path("actions").get(0).asText()).isEqualTo("Microsoft.Sql/managedInstances/*");
        assertThat(r.body().path("value").get(0).path("notActions")).isEmpty();
    }

    @Test
    void usedStorageComesFromTheStorageMetric() {
        ArmTestClient.Response r = client.get(twin.resourceId()
                + "/providers/Microsoft.Insights/metrics?api-version=2018-01-01&metricnames=storage_space_used_mb");
        assertThat(r.body().path("value").get(0).path("timeseries").get(0).path("data").get(0).path("average").asDouble())
                .isEqualTo(10 * 1024.0);
    }

    @Test
    void failoverGroupsListIsEmptyUnlessTheScenarioSaysSo() throws Exception {
        String path = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-link/providers/Microsoft.Sql"
                + "/locations/westeurope/instanceFailoverGroups?api-version=2025-01-01";
        assertThat(client.get(path).body().path("value")).isEmpty();
        String yaml = TwinFixture.scenario(TwinFixture.READY).replace("failoverGroup: false", "failoverGroup: true");
        try (ArmTwin other = TwinFixture.start(yaml, ArmFaultPlan.NONE)) {
            JsonNode group = new ArmTestClient(other).get(path).body().path("value").get(0);
            assertThat(group.path("properties").path("managedInstancePairs").get(0).path("primaryManagedInstanceId").asText())
                    .isEqualTo(other.resourceId());
        }
    }
}
