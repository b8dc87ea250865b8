package io.milink.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.Scope;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.SqlServerTwin;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every shipped scenario, checked end to end through the real driver over TDS 8.0, gives the verdict the
 * documentation implies for its SQL Server (--scope sql-server), failing exactly the checks the scenario's story
 * says.
 */
class ScenarioVerdictsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ready-2022                  | Sales,Inventory  | true  | ",
        "ready-2019-cu20             | Orders           | true  | ",
        "sql2019-cu19-too-old        | Orders           | false | sql.version",
        "sql2016-sp3-no-connect-pack | Legacy           | false | sql.version,sql.issuerProcedure,sql.masterKey,sql.hadr,cert.rootCa.digicertGlobalRootG2,cert.rootCa.microsoftRsaRoot2017",
        "express-edition             | Shop             | false | sql.edition,sql.masterKey,sql.hadr,db.recoveryModel,db.fullBackup,cert.rootCa.digicertGlobalRootG2,cert.rootCa.microsoftRsaRoot2017",
        "hadr-off-no-master-key      | Payroll          | false | sql.masterKey,sql.hadr,cert.rootCa.digicertGlobalRootG2,cert.rootCa.microsoftRsaRoot2017",
        "simple-recovery-copy-only   | Reporting,Sales  | false | db.recoveryModel,db.fullBackup"
    })
    void eachScenarioGetsTheVerdictItsStoryImplies(String scenario, String databases, boolean ready,
                                                   String failing) throws Exception {
        Report report = preflight(scenario, List.of(databases.split(",")));
        assertThat(report.findings()).filteredOn(f -> f.status() == Status.ERROR).isEmpty();
        assertThat(report.ready()).as(describe(report)).isEqualTo(ready);
        List<String> expected = failing == null ? List.of() : List.of(failing.split(","));
        assertThat(report.findings().stream().filter(f -> f.status() == Status.FAIL).map(Finding::id).distinct())
                .as(describe(report)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void certificateChecksReadTheTwinsCertificatesAndIssuerRegistrations() throws Exception {
        String expiry = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(10).toString();
        String yaml = BuiltInScenarios.yaml("ready-2022")
                // Microsoft's root imported but never registered as an issuer.
                .replace("{ name: MicrosoftPKI, bundled: microsoft-rsa-root-2017, issuerFor: \"*.database.windows.net\" }",
                        "{ name: MicrosoftPKI, bundled: microsoft-rsa-root-2017 }")
                // An endpoint already authenticating with a link certificate that expires in ten days.
                .replace("  endpoints:\n", "    - { name: SQL22_link, subject: SQL22 link, expiryDate: " + expiry + " }\n"
                        + "  endpoints:\n")
                .replace("encryption: REQUIRED, algorithm: AES }", "encryption: REQUIRED, algorithm: AES, "
                        + "certificate: SQL22_link }");
        Report report = preflight(yaml, "edited ready-2022", List.of("Sales"));
        assertThat(status(report, "cert.rootCa.digicertGlobalRootG2")).isEqualTo(Status.PASS);
        assertThat(status(report, "cert.rootCa.microsoftRsaRoot2017")).isEqualTo(Status.FAIL);
        assertThat(status(report, "cert.link.expiry")).as(describe(report)).isEqualTo(Status.WARN);
        assertThat(status(report, "cert.rootCa.expiry")).isEqualTo(Status.PASS);
    }

    private static Status status(Report report, String id) {
        return report.findings().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow().status();
    }

    private Report preflight(String scenario, List<String> databases) throws Exception {
        return preflight(BuiltInScenarios.yaml(scenario), scenario, databases);
    }

    private Report preflight(String yaml, String scenario, List<String> databases) throws Exception {
        try (SqlServerTwin twin = TwinConnectors.twin().scenarioYaml(yaml, scenario).start()) {
            Preflight preflight = Preflight.standard();
            Facts facts = preflight.collect(TwinConnectors.sysadmin(twin, dir), scenario, databases);
            // The SQL Server twin alone: a check of SQL Server and its databases, which READY only when asked so.
            return preflight.evaluate(facts, Scope.SQL_SERVER);
        }
    }

    private static String describe(Report report) {
        return report.findings().stream().filter(f -> f.status() != Status.PASS && f.status() != Status.SKIP)
                .map(f -> f.status() + " " + f.id() + " [" + f.target() + "] " + f.evidence())
                .collect(Collectors.joining("\n", "\n", "\n"));
    }
}
