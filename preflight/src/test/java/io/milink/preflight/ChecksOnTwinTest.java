package io.milink.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.core.spec.Encryption;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.ConnectFailure;
import io.milink.core.sql.SqlServerConnector;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.report.Report;
import io.milink.simulator.SqlServerTwin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks the shipped scenarios do not make fail, made to fail by a twin whose databases each break one rule:
 * through the real driver over TDS, exactly as against a real server.
 */
class ChecksOnTwinTest {

    private static final String YESTERDAY = LocalDate.now(ZoneOffset.UTC).minusDays(1) + "T02:00:00Z";

    private static final String SCENARIO = """
            sqlServer:
              serverName: SQLBAD
              productVersion: 16.0.4265.3
              productLevel: RTM
              productUpdateLevel: CU26
              edition: Developer Edition (64-bit)
              hostPlatform: Windows
              collation: SQL_Latin1_General_CP1_CI_AS
              hadrEnabled: true
              traceFlags: { global: [1800], startup: [9567] }
              masterKey: true
              certificateIssuerProcedure: true
              logins:
                - { name: sa, password: "Str0ng!Passw0rd", sysadmin: true }
                - { name: reader, password: "Read3r!Passw0rd", sysadmin: false }
              certificates: []
              endpoints:
                - { name: Hadr_endpoint, port: 5022, state: STOPPED, authentication: "WINDOWS NEGOTIATE", encryption: DISABLED, algorithm: AES }
              databases:
                - { name: Offline, recoveryModel: FULL, state: OFFLINE, sizeMb: 10, logFiles: 1, filestream: false, inMemoryOltp: false, tde: false, backups: [ { type: FULL, finished: 2026-11-20T01:00:00Z, copyOnly: false } ] }
                - { name: TwoLogs, recoveryModel: FULL, state: ONLINE, sizeMb: 10, logFiles: 2, filestream: false, inMemoryOltp: false, tde: false, backups: [ { type: FULL, finished: 2026-11-20T01:00:00Z, copyOnly: false } ] }
                - { name: Docs, recoveryModel: FULL, state: ONLINE, sizeMb: 10, logFiles: 1, filestream: true, inMemoryOltp: false, tde: false, backups: [ { type: FULL, finished: 2026-11-20T01:00:00Z, copyOnly: false } ] }
                - { name: Hot, recoveryModel: FULL, state: ONLINE, sizeMb: 10, logFiles: 1, filestream: false, inMemoryOltp: true, tde: true, backups: [ { type: FULL, finished: 2026-11-20T01:00:00Z, copyOnly: false } ] }
                - { name: LogShipped, recoveryModel: FULL, state: ONLINE, sizeMb: 10, logFiles: 1, filestream: false, inMemoryOltp: false, tde: false, backups: [ { type: FULL, finished: 2026-11-20T01:00:00Z, copyOnly: false }, { type: LOG, finished: "%s", copyOnly: false } ] }
            """.formatted(YESTERDAY);

    @TempDir
    static Path dir;
    private static SqlServerTwin twin;
    private static Path pem;

    @BeforeAll
    static void start() throws Exception {
        twin = TwinConnectors.twin().scenarioYaml(SCENARIO, "bad databases").start();
        pem = Files.writeString(dir.resolve("twin.pem"), twin.certificatePem());
    }

    @AfterAll
    static void stop() {
        twin.close();
    }

    private static Report preflight(String user, String password, List<String> databases) {
        SqlServerTarget target = new SqlServerTarget(twin.host(), twin.port(), null,
                new SqlAuthentication.SqlLogin(user, new SecretSource.EnvironmentVariable("PW")), Encryption.STRICT,
                false, null, pem);
        Preflight preflight = Preflight.standard();
        Facts facts = preflight.collect(new SqlServerConnector(target, Map.of("PW", password), 10), "SQLBAD",
                databases);
        return preflight.evaluate(facts);
    }

    private static Finding finding(Report report, String id, String target) {
        return report.findings().stream().filter(f -> f.id().equals(id) && f.target().equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " for " + target + " in " + report.findings()));
    }

    @Test
    void eachDatabaseFailsOrWarnsForTheOneRuleItBreaks() {
        Report report = preflight("sa", "Str0ng!Passw0rd",
                List.of("Nope", "msdb", "Offline", "TwoLogs", "Docs", "Hot", "LogShipped"));
        assertThat(finding(report, "db.exists", "Nope").status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "db.systemDatabase", "msdb").status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "db.online", "Offline").status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "db.logFiles", "TwoLogs").status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "db.filestream", "Docs").status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "db.inMemoryOltp", "Docs").status()).isEqualTo(Status.PASS);
        assertThat(finding(report, "db.inMemoryOltp", "Hot").status()).isEqualTo(Status.WARN);
        assertThat(finding(report, "db.filestream", "Hot").status()).isEqualTo(Status.PASS);
        assertThat(finding(report, "db.tde", "Hot").status()).isEqualTo(Status.WARN);
        assertThat(finding(report, "db.logBackupDuringSeeding", "LogShipped").status()).isEqualTo(Status.WARN);
        assertThat(finding(report, "db.logBackupDuringSeeding", "Docs").status()).isEqualTo(Status.PASS);
        assertThat(report.ready()).isFalse();
    }

    @Test
    void instanceRulesBrokenByThisScenarioAreReported() {
        Report report = preflight("sa", "Str0ng!Passw0rd", List.of("Docs"));
        Finding tf1800 = finding(report, "sql.traceFlag.1800", "SQLBAD");
        assertThat(tf1800.status()).isEqualTo(Status.WARN);
        assertThat(tf1800.evidence()).contains("on globally now").contains("not set at startup");
        Finding tf9567 = finding(report, "sql.traceFlag.9567", "SQLBAD");
        assertThat(tf9567.status()).isEqualTo(Status.WARN);
        assertThat(tf9567.evidence()).contains("not on now").contains("set at startup");
        Finding endpoint = finding(report, "sql.endpoint", "SQLBAD");
        assertThat(endpoint.status()).isEqualTo(Status.WARN);
        assertThat(endpoint.evidence()).contains("not started").contains("CERTIFICATE").contains("AES");
        assertThat(finding(report, "sql.restartNeeded", "SQLBAD").evidence()).contains("-T1800");
        assertThat(finding(report, "sql.edition", "SQLBAD").status()).isEqualTo(Status.PASS);
    }

    @Test
    void aLoginThatIsNotSysadminFailsTheSysadminCheck() {
        Report report = preflight("reader", "Read3r!Passw0rd", List.of("Docs"));
        assertThat(finding(report, "sql.sysadmin", "SQLBAD").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aWrongPasswordIsAConnectErrorThatSaysTheLoginWasRefused() {
        SqlServerTarget target = new SqlServerTarget(twin.host(), twin.port(), null,
                new SqlAuthentication.SqlLogin("sa", new SecretSource.EnvironmentVariable("PW")), Encryption.STRICT,
                false, null, pem);
        Facts facts = Preflight.standard().collect(new SqlServerConnector(target, Map.of("PW", "wrong"), 10),
                "SQLBAD", List.of("Docs"));
        assertThat(facts.connection().failure()).isEqualTo(ConnectFailure.LOGIN_FAILED);
        assertThat(facts.connection().errorNumber()).isEqualTo(18456);
        Report report = Preflight.standard().evaluate(facts);
        assertThat(finding(report, "sql.connect", "SQLBAD").status()).isEqualTo(Status.ERROR);
        assertThat(finding(report, "sql.hadr", "SQLBAD").status()).isEqualTo(Status.SKIP);
    }

    @Test
    void anUntrustedCertificateInStrictModeIsClassifiedAsTls() throws Exception {
        Path other = Files.writeString(dir.resolve("other.pem"),
                io.milink.simulator.pki.CertificateIssuer.tlsServer(List.of("localhost"), 1).pem());
        SqlServerTarget target = new SqlServerTarget(twin.host(), twin.port(), null,
                new SqlAuthentication.SqlLogin("sa", new SecretSource.EnvironmentVariable("PW")), Encryption.STRICT,
                false, null, other);
        Facts facts = Preflight.standard().collect(new SqlServerConnector(target, Map.of("PW", "x"), 10),
                "SQLBAD", List.of());
        assertThat(facts.connection().failure()).as(facts.connection().detail()).isEqualTo(ConnectFailure.TLS);
    }
}
