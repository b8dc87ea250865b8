package io.milink.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.DatabaseFacts;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.report.Report;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.SqlServerTwin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks made to PASS and to FAIL (or WARN) by twins, through the real driver over TDS, where the shipped scenarios
 * only show one side: the host platform, an existing mirroring endpoint, databases already in availability groups,
 * and an explicit PASS of every SQL-Server-side check on a ready server.
 */
class ChecksBothWaysOnTwinTest {

    @TempDir
    Path dir;

    private static String resource(String name) throws IOException {
        try (InputStream in = ChecksBothWaysOnTwinTest.class.getResourceAsStream("scenarios/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Facts facts(String yaml, List<String> databases) throws IOException {
        try (SqlServerTwin twin = TwinConnectors.twin().scenarioYaml(yaml, "test scenario").start()) {
            return Preflight.standard().collect(TwinConnectors.sysadmin(twin, dir), twin.serverName(), databases);
        }
    }

    private static Finding finding(Report report, String id, String target) {
        return report.findings().stream().filter(f -> f.id().equals(id) && f.target().equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " for " + target + " in " + report.findings()));
    }

    @Test
    void sqlServer2016ReportingLinuxFailsThePlatformCheck() throws Exception {
        Report report = Preflight.standard().evaluate(facts(resource("sql2016-on-linux.yaml"), List.of("Legacy")));
        Finding platform = finding(report, "sql.platform", "SQL16LNX");
        assertThat(platform.status()).isEqualTo(Status.FAIL);
        assertThat(platform.evidence()).contains("2016").contains("Linux");
        assertThat(platform.remediation().script()).contains("Windows Server");
    }

    @Test
    void linuxFrom2019PassesThePlatformCheckWithTheAgentNote() throws Exception {
        Report report = Preflight.standard().evaluate(facts(BuiltInScenarios.yaml("ready-2019-cu20"),
                List.of("Orders")));
        Finding platform = report.findings().stream().filter(f -> f.id().equals("sql.platform")).findFirst()
                .orElseThrow();
        assertThat(platform.status()).isEqualTo(Status.PASS);
        assertThat(platform.evidence()).contains("Linux").contains("PowerShell");
    }

    @ParameterizedTest(name = "encryption {0}")
    @CsvSource({
        "REQUIRED,  PASS, REQUIRED (AES)",
        "SUPPORTED, WARN, encryption is SUPPORTED, not REQUIRED",
        "DISABLED,  WARN, encryption is DISABLED, not REQUIRED"
    })
    void anExistingCertificateEndpointPassesOnlyWhenItRequiresAesEncryption(String encryption, Status expected,
                                                                          String evidence) throws Exception {
        String yaml = resource("endpoint-and-groups.yaml").replace("encryption: REQUIRED", "encryption: " + encryption);
        Report report = Preflight.standard().evaluate(facts(yaml, List.of("Free")));
        Finding endpoint = finding(report, "sql.endpoint", "SQLAG");
        assertThat(endpoint.status()).as(endpoint.evidence()).isEqualTo(expected);
        assertThat(endpoint.evidence()).contains("Hadr_endpoint: STARTED, port 5022")
                .contains("NEGOTIATE CERTIFICATE").contains(evidence);
        if (expected == Status.WARN) {
            assertThat(endpoint.remediation().script()).contains("ENCRYPTION = REQUIRED ALGORITHM AES");
        }
    }

    @Test
    void aDatabaseAloneInTheNamedGroupPassesAndOneSharingAGroupFails() throws Exception {
        Facts collected = facts(resource("endpoint-and-groups.yaml"), List.of("Sales", "Orders", "Free"));
        assertThat(collected.sqlServer().database("Sales").map(DatabaseFacts::availabilityGroup)).contains("AG_Sales");

        Report named = Preflight.standard().evaluate(collected.withAvailabilityGroup("AG_Sales"));
        assertThat(finding(named, "db.availabilityGroup", "Sales").status()).isEqualTo(Status.PASS);
        Finding shared = finding(named, "db.availabilityGroup", "Orders");
        assertThat(shared.status()).isEqualTo(Status.FAIL);
        assertThat(shared.evidence()).contains("AG_Shared").contains("Billing");
        assertThat(shared.remediation().script())
                .contains("ALTER AVAILABILITY GROUP [AG_Shared] REMOVE DATABASE [Billing];");
        assertThat(finding(named, "db.availabilityGroup", "Free").status()).isEqualTo(Status.PASS);

        Report unnamed = Preflight.standard().evaluate(collected);
        Finding warn = finding(unnamed, "db.availabilityGroup", "Sales");
        assertThat(warn.status()).isEqualTo(Status.WARN);
        assertThat(warn.remediation().script()).contains("names.availabilityGroup: AG_Sales");

        Report other = Preflight.standard().evaluate(collected.withAvailabilityGroup("AG_Other"));
        assertThat(finding(other, "db.availabilityGroup", "Sales").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void everySqlServerSideCheckPassesExplicitlyOnTheReadyTwin() throws Exception {
        Report report = Preflight.standard().evaluate(facts(BuiltInScenarios.yaml("ready-2022"),
                List.of("Sales", "Inventory")));
        for (String id : List.of("sql.connect", "sql.version", "sql.edition", "sql.platform", "sql.issuerProcedure",
                "sql.sysadmin", "sql.masterKey", "sql.hadr", "sql.traceFlag.1800", "sql.traceFlag.9567",
                "sql.restartNeeded", "cert.rootCa.digicertGlobalRootG2", "cert.rootCa.microsoftRsaRoot2017",
                "cert.rootCa.expiry", "cert.link.expiry")) {
            assertThat(finding(report, id, "SQL22").status()).as(id).isEqualTo(Status.PASS);
        }
        // Its endpoint is Windows-authenticated only: not a failure, creating the link alters it (docs/checks.md).
        assertThat(finding(report, "sql.endpoint", "SQL22").status()).isEqualTo(Status.WARN);
        for (String database : List.of("Sales", "Inventory")) {
            for (String id : List.of("db.exists", "db.online", "db.systemDatabase", "db.recoveryModel",
                    "db.fullBackup", "db.logFiles", "db.filestream", "db.inMemoryOltp", "db.tde",
                    "db.availabilityGroup", "db.logBackupDuringSeeding")) {
                assertThat(finding(report, id, database).status()).as(id + " " + database).isEqualTo(Status.PASS);
            }
        }
    }

    @Test
    void acceleratedDatabaseRecoveryIsAbsentOn2016AndReadOn2019() throws Exception {
        Facts sql2016 = facts(BuiltInScenarios.yaml("sql2016-sp3-no-connect-pack"), List.of("Legacy"));
        assertThat(sql2016.sqlServer().database("Legacy").orElseThrow().acceleratedDatabaseRecovery()).isNull();
        Facts sql2019 = facts(BuiltInScenarios.yaml("ready-2019-cu20"), List.of("Orders"));
        assertThat(sql2019.sqlServer().database("Orders").orElseThrow().acceleratedDatabaseRecovery()).isNotNull();
    }
}
