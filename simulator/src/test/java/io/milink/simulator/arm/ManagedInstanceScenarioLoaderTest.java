package io.milink.simulator.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.milink.simulator.sqlserver.scenario.ScenarioException;
import io.milink.simulator.sqlserver.scenario.ScenarioLoader;

class ManagedInstanceScenarioLoaderTest {

    private static final String MINIMAL = """
            managedInstance:
              subscriptionId: 00000000-0000-0000-0000-000000000001
              resourceGroup: rg-link
              name: mi-target-01
              fqdn: mi-target-01.abc123def456.database.windows.net
            """;

    private static String failure(String yaml) {
        try {
            ManagedInstanceScenarioLoader.load(yaml, "test.yaml");
        } catch (ScenarioException e) {
            return e.getMessage();
        }
        throw new AssertionError("scenario was accepted");
    }

    @Test
    void issueSixSectionLoadsEveryField() {
        ManagedInstanceScenario s = ManagedInstanceScenarioLoader.load(TwinFixture.scenario(TwinFixture.READY), "x");
        assertThat(s.name()).isEqualTo("mi-target-01");
        assertThat(s.state()).isEqualTo(ManagedInstanceScenario.State.Ready);
        assertThat(s.updatePolicy()).isEqualTo(ManagedInstanceScenario.UpdatePolicy.SQLServer2022);
        assertThat(s.tier()).isEqualTo(ManagedInstanceScenario.Tier.GeneralPurpose);
        assertThat(s.vCores()).isEqualTo(8);
        assertThat(s.storageSizeGb()).isEqualTo(256);
        assertThat(s.usedStorageGb()).isEqualTo(10);
        assertThat(s.databases()).containsExactly("HR");
        assertThat(s.failoverGroup()).isFalse();
        assertThat(s.grantedActions()).containsExactly("Microsoft.Sql/managedInstances/*");
    }

    @Test
    void sameFileStillLoadsForTheSqlServerTwin() {
        assertThat(ScenarioLoader.load(TwinFixture.scenario(TwinFixture.READY), "x").sqlServer().serverName())
                .isEqualTo("SQL01");
    }

    @Test
    void minimalSectionGetsDocumentedDefaults() {
        ManagedInstanceScenario s = ManagedInstanceScenarioLoader.load(MINIMAL, "x");
        assertThat(s.location()).isEqualTo("westeurope");
        assertThat(s.state()).isEqualTo(ManagedInstanceScenario.State.Ready);
        assertThat(s.tier()).isEqualTo(ManagedInstanceScenario.Tier.GeneralPurpose);
        assertThat(s.databases()).isEmpty();
        assertThat(s.links()).isEmpty();
    }

    @Test
    void badEnumNamesFieldPathAndAllowedValues() {
        assertThat(failure(MINIMAL + "  tier: Premium\n")).isEqualTo("test.yaml: managedInstance.tier: 'Premium' is"
                + " not a valid value; allowed: GeneralPurpose, BusinessCritical, NextGenGeneralPurpose");
        assertThat(failure(MINIMAL + "  updatePolicy: SQLServer2019\n")).contains("managedInstance.updatePolicy")
                .contains("AlwaysUpToDate, SQLServer2022, SQLServer2025");
        assertThat(failure(MINIMAL + "  state: Paused\n")).contains("managedInstance.state").contains("Ready");
    }

    @Test
    void unknownFieldListsTheAllowedOnes() {
        assertThat(failure(MINIMAL + "  vcores: 8\n")).startsWith("test.yaml: managedInstance: unknown field 'vcores'; allowed:")
                .contains("vCores");
        assertThat(failure(MINIMAL + "  links: [ { name: l1, instanceAG: x } ]\n")).contains("managedInstance.links[0]: unknown field 'instanceAG'");
    }

    @Test
    void missingAndInconsistentFieldsAreExplained() {
        assertThat(failure(MINIMAL.replace("  name: mi-target-01\n", ""))).isEqualTo("test.yaml: managedInstance.name: missing;"
                + " the instance name, e.g. mi-target-01");
        assertThat(failure(MINIMAL.replace("name: mi-target-01", "name: MI_Target"))).contains("managedInstance.name");
        assertThat(failure(MINIMAL.replace("fqdn: mi-target-01.", "fqdn: other."))).contains("managedInstance.fqdn");
        assertThat(failure(MINIMAL + "  storageSizeGb: 32\n  usedStorageGb: 64\n")).contains("managedInstance.usedStorageGb");
        assertThat(failure(MINIMAL + "  databases: [ HR, hr ]\n")).contains("managedInstance.databases[1]: duplicate");
        assertThat(failure("sqlServer: {}\n")).contains("managedInstance: missing");
    }

    @Test
    void usedStorageKeepsItsDecimalsAndTheMetricServesThemInMegabytes() {
        ManagedInstanceScenario s = ManagedInstanceScenarioLoader.load(MINIMAL + "  usedStorageGb: 31.8\n", "x");
        assertThat(s.usedStorageGb()).isEqualTo(31.8);
        double served = new ManagedInstance(s, EndpointCertificateChain.issue(s.fqdn()),
                io.milink.simulator.link.LinkWorld.create(1.0))
                .storageMetricJson("storage_space_used_mb").getJsonArray("value").getJsonObject(0)
                .getJsonArray("timeseries").getJsonObject(0).getJsonArray("data").getJsonObject(0)
                .getDouble("average");
        assertThat(served).isEqualTo(31.8 * 1024);
    }

    @Test
    void aWholeNumberFieldWrittenWithDecimalsIsRefusedNotTruncated() {
        assertThat(failure(MINIMAL + "  vCores: 8.5\n")).isEqualTo("test.yaml: managedInstance.vCores: 8.5 is not a "
                + "whole number; this field takes an integer");
        assertThat(failure(MINIMAL + "  storageSizeGb: 256.0001\n")).contains("managedInstance.storageSizeGb")
                .contains("is not a whole number");
        assertThat(ManagedInstanceScenarioLoader.load(MINIMAL + "  storageSizeGb: 32\n  usedStorageGb: 32\n", "x")
                .usedStorageGb()).as("a whole number is a decimal too").isEqualTo(32.0);
    }

    @Test
    void existingLinksAreReadWithDefaults() {
        ManagedInstanceScenario s = ManagedInstanceScenarioLoader.load(MINIMAL + """
                  links:
                    - { name: link1, instanceAvailabilityGroupName: mi_ag, partnerAvailabilityGroupName: ag1, databases: [ Sales ] }
                """, "x");
        assertThat(s.links()).hasSize(1);
        assertThat(s.links().get(0).instanceLinkRole()).isEqualTo(ManagedInstanceScenario.LinkRole.Secondary);
        assertThat(s.links().get(0).databases()).isEqualTo(List.of("Sales"));
        assertThatThrownBy(() -> ManagedInstanceScenarioLoader.load(MINIMAL + "  links: [ { name: '1bad', instanceAvailabilityGroupName: a,"
                + " partnerAvailabilityGroupName: b, databases: [ x ] } ]\n", "x")).hasMessageContaining("managedInstance.links[0].name");
    }

    @Test
    void theEndpointCertificateWindowIsCheckedAndServedAsTheLeafsValidity() throws Exception {
        assertThat(failure(MINIMAL + "  endpointCertificate: { notAfter: tomorrow }\n"))
                .contains("managedInstance.endpointCertificate.notAfter: 'tomorrow' is not an instant");
        assertThat(failure(MINIMAL + "  endpointCertificate: { notBefore: 2026-02-01T00:00:00Z, notAfter: "
                + "2026-01-01T00:00:00Z }\n")).contains("is not after notBefore");
        java.time.Instant end = java.time.Instant.parse("2025-05-12T00:00:00Z");
        try (ArmTwin twin = ArmTwin.builder().scenarioYaml(MINIMAL + "  endpointCertificate: { notAfter: " + end
                + " }\n", "expired").start()) {
            var leaf = twin.instance().endpointCertificate().leaf().certificate();
            assertThat(leaf.getNotAfter().toInstant()).isEqualTo(end);
            assertThat(leaf.getNotBefore().toInstant()).isBefore(end);
            assertThat(twin.instance().endpointCertificate().intermediate().certificate().getNotBefore().toInstant())
                    .isBefore(leaf.getNotBefore().toInstant());
        }
    }
}
