package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.scenario.ScenarioException;
import io.milink.simulator.sqlserver.scenario.ScenarioLoader;

class ScenarioLoadingTest {

    private static final String MINIMAL = """
            sqlServer:
              serverName: SQL01
              productVersion: 16.0.4135.4
              edition: Developer Edition (64-bit)
              logins: [ { name: sa, password: "TopSecret!1", sysadmin: true } ]
            """;

    private static String failure(String yaml) {
        try {
            ScenarioLoader.load(yaml, "test.yaml");
        } catch (ScenarioException e) {
            return e.getMessage();
        }
        throw new AssertionError("scenario was accepted");
    }

    @Test
    void minimalScenarioLoadsWithDefaults() {
        try (SqlServerInstance i = SqlServerInstance.fromScenario(MINIMAL)) {
            var s = TwinFixture.login(i, "sa", "TopSecret!1", "");
            assertThat(TwinFixture.run(s, "SELECT COUNT(*) FROM sys.databases").scalar()).isEqualTo(4);
            assertThat(TwinFixture.run(s, "SELECT CAST(SERVERPROPERTY('IsHadrEnabled') AS int),"
                    + " CAST(SERVERPROPERTY('EngineEdition') AS int)").onlyTable().rows().get(0)).containsExactly(0, 3);
        }
    }

    @Test
    void unknownFieldNamesFileFieldPathAndAllowedFields() {
        String message = failure(MINIMAL + "  databases: [ { name: Sales, recoveryMode: FULL } ]\n");
        assertThat(message).startsWith("test.yaml: sqlServer.databases[0]: unknown field 'recoveryMode'; allowed:")
                .contains("recoveryModel");
    }

    @Test
    void badEnumValueListsAllowedValues() {
        String message = failure(MINIMAL + "  databases: [ { name: Sales, recoveryModel: FAST } ]\n");
        assertThat(message).contains("sqlServer.databases[0].recoveryModel").doesNotContain("FAST")
                .contains("FULL, SIMPLE, BULK_LOGGED");
    }

    @Test
    void aFileThatIsNotAScenarioIsReportedWithoutQuotingItsContent() {
        // The service reads scenario files named in requests; a secret file must not come back in the error.
        for (String secret : List.of("hunter2-S3cret!\n", "sqlServer: hunter2-S3cret!\n", "hunter2-S3cret!: [\n",
                "sqlServer:\n  version: [hunter2-S3cret!]\n", "sqlServer:\n  hadrEnabled: hunter2-S3cret!\n")) {
            assertThat(failure(secret)).as(secret).startsWith("test.yaml: ").doesNotContain("hunter2")
                    .doesNotContain("S3cret");
        }
        assertThat(failure("hunter2-S3cret!\n")).contains("expected a mapping");
    }

    @Test
    void badVersionIsExplained() {
        assertThat(failure(MINIMAL.replace("16.0.4135.4", "16.0"))).isEqualTo("test.yaml: sqlServer.productVersion: '16.0'"
                + " is not a version; expected a four-part build such as 15.0.4312.2");
        assertThat(failure(MINIMAL.replace("16.0.4135.4", "9.0.5000.0")))
                .contains("major version 9 is not supported; allowed: 10 (2008) to 17 (2025)");
    }

    /** A version the link does not support still loads, so a readiness check can say so instead of the twin. */
    @Test
    void anInstanceOlderThanTheLinkSupportsLoadsAsThatVersion() {
        try (SqlServerInstance i = SqlServerInstance.fromScenario(MINIMAL.replace("16.0.4135.4", "12.0.6024.0")
                + "  databases: [ { name: Sales } ]\n")) {
            var s = TwinFixture.login(i, "sa", "TopSecret!1", "");
            assertThat(TwinFixture.run(s, "SELECT CAST(SERVERPROPERTY('ProductMajorVersion') AS int), @@VERSION")
                    .onlyTable().rows().get(0)).satisfies(row -> {
                        assertThat(row[0]).isEqualTo(12);
                        assertThat((String) row[1]).startsWith("Microsoft SQL Server 2014 (");
                    });
            assertThat(TwinFixture.run(s, "SELECT compatibility_level FROM sys.databases WHERE name = 'Sales'")
                    .scalar()).isEqualTo((short) 120); // compatibility_level is a tinyint, read as a Java short
        }
    }

    @Test
    void aWholeNumberFieldWrittenWithDecimalsIsRefusedNotTruncated() {
        assertThat(failure(MINIMAL + "  databases: [ { name: Sales, sizeMb: 10.5 } ]\n"))
                .isEqualTo("test.yaml: sqlServer.databases[0].sizeMb: expected a whole number (no decimals)");
        assertThat(failure(MINIMAL + "  traceFlags: { global: [1800.5] }\n"))
                .contains("sqlServer.traceFlags.global[0]: expected a whole number");
        assertThat(ScenarioLoader.load(MINIMAL + "  databases: [ { name: Sales, logUsedPercent: 10.5 } ]\n", "x")
                .sqlServer().databases().get(0).logUsedPercent()).as("a field that takes decimals keeps them")
                .isEqualTo(10.5);
    }

    @Test
    void badEditionAndBundledNameAreExplained() {
        assertThat(failure(MINIMAL.replace("Developer Edition (64-bit)", "Premium"))).contains("sqlServer.edition")
                .contains("Enterprise");
        assertThat(failure(MINIMAL + "  certificates: [ { name: X, bundled: nope } ]\n"))
                .contains("sqlServer.certificates[0].bundled").contains("digicert-global-root-g2");
    }

    @Test
    void missingFileIsReported(@TempDir Path dir) {
        assertThatThrownBy(() -> SqlServerInstance.fromScenario(dir.resolve("none.yaml")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("none.yaml: scenario file does not exist");
    }

    @Test
    void passwordsNeverAppearInToStringOrErrors(@TempDir Path dir) throws Exception {
        Scenario s = ScenarioLoader.load(MINIMAL, "x");
        assertThat(s.toString()).doesNotContain("TopSecret");
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, MINIMAL.replace("logins:", "logins: 7\n  x:"));
        assertThatThrownBy(() -> SqlServerInstance.fromScenario(file)).isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TopSecret"));
    }

    @Test
    void duplicateDatabaseAndSystemNamesAreRejected() {
        assertThat(failure(MINIMAL + "  databases: [ { name: msdb } ]\n")).contains("sqlServer.databases[0].name");
    }

    @Test
    void endpointCertificateMustExist() {
        assertThat(failure(MINIMAL + "  endpoints: [ { name: e, certificate: nope } ]\n"))
                .contains("sqlServer.endpoints[0].certificate");
    }

    @Test
    void managedInstanceSectionIsLeftToTheArmTwinAndMakesSqlServerOptional() {
        String managedInstance = "managedInstance:\n  name: mi-target-01\n  whatever: [ 1, 2 ]\n";
        assertThat(ScenarioLoader.load(MINIMAL + managedInstance, "x").sqlServer().serverName()).isEqualTo("SQL01");
        assertThat(ScenarioLoader.load(managedInstance, "x").sqlServer()).isNull();
        assertThat(failure("other: 1\n")).contains("unknown field 'other'");
        assertThat(failure("sqlServer:\n  serverName: S\n  managedInstance: x\n"))
                .contains("sqlServer: unknown field 'managedInstance'");
    }

    @Test
    void aSqlServerTwinFromAScenarioWithoutSqlServerSaysWhatIsMissing() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SqlServerInstance.fromScenario(
                "managedInstance:\n  name: mi-target-01\n"))
                .isInstanceOf(io.milink.simulator.sqlserver.scenario.ScenarioException.class)
                .hasMessageContaining("no sqlServer: section");
    }

    @Test
    void aCertificatesKeyProtectionIsWhatSysCertificatesShows() {
        String yaml = MINIMAL + """
                  masterKey: true
                  certificates:
                    - { name: ByPassword, subject: "ByPassword", privateKey: PW }
                    - { name: ByMasterKey, subject: "ByMasterKey" }
                """;
        try (SqlServerInstance i = SqlServerInstance.fromScenario(yaml)) {
            var s = TwinFixture.login(i, "sa", "TopSecret!1", "master");
            assertThat(TwinFixture.run(s, "SELECT pvt_key_encryption_type FROM sys.certificates WHERE name = "
                    + "N'ByPassword'").scalar()).isEqualTo("PW");
            assertThat(TwinFixture.run(s, "SELECT pvt_key_encryption_type FROM sys.certificates WHERE name = "
                    + "N'ByMasterKey'").scalar()).isEqualTo("MK");
        }
        assertThat(failure(MINIMAL + """
                  certificates:
                    - { name: Mk, subject: "Mk", privateKey: MK }
                """)).contains("sqlServer.certificates[0].privateKey: MK needs masterKey: true");
        assertThat(failure(MINIMAL + """
                  certificates:
                    - { name: Root, bundled: digicert-global-root-g2, privateKey: PW }
                """)).contains("a bundled root has no private key");
    }
}
