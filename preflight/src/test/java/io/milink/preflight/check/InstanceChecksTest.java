package io.milink.preflight.check;

import static io.milink.preflight.check.FactsFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.sql.ConnectCheck;
import io.milink.preflight.check.sql.EditionCheck;
import io.milink.preflight.check.sql.EndpointCheck;
import io.milink.preflight.check.sql.HadrCheck;
import io.milink.preflight.check.sql.IssuerProcedureCheck;
import io.milink.preflight.check.sql.MasterKeyCheck;
import io.milink.preflight.check.sql.PlatformCheck;
import io.milink.preflight.check.sql.RestartNeededCheck;
import io.milink.preflight.check.sql.SysadminCheck;
import io.milink.preflight.check.sql.TraceFlagCheck;
import io.milink.preflight.check.sql.VersionCheck;
import io.milink.preflight.facts.EndpointFact;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceChecksTest {

    private final FactsFixture fixture = new FactsFixture();
    private final VersionCheck version = new VersionCheck(MinimumBuilds.bundled());

    @Test
    void connectPassesWhenLoggedInAndIsAnErrorNamingTheCauseWhenNot() {
        assertThat(only(new ConnectCheck(), fixture.facts()).status()).isEqualTo(Status.PASS);
        Finding failed = only(new ConnectCheck(), FactsFixture.notConnected("Sales"));
        assertThat(failed.status()).isEqualTo(Status.ERROR);
        assertThat(failed.evidence()).contains("refused the login").contains("18456");
        assertThat(failed.remediation().script()).contains("18456");
    }

    @Test
    void everyInstanceCheckSkipsWhenMilinkCouldNotLogIn() {
        for (Check check : List.of(version, new EditionCheck(), new HadrCheck(), new MasterKeyCheck(),
                new EndpointCheck())) {
            Finding finding = only(check, FactsFixture.notConnected());
            assertThat(finding.status()).as(check.id()).isEqualTo(Status.SKIP);
            assertThat(finding.evidence()).contains("sql.connect");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "13.0.6300.2, FAIL",    // 2016 SP3 without the Azure Connect pack
        "13.0.7000.253, PASS",  // 2016 with the Azure Connect pack
        "13.0.7095.1, PASS",    // a later GDR of the Azure Connect line
        "14.0.3456.2, FAIL",    // 2017 CU31 without the pack
        "14.0.3490.10, PASS",
        "15.0.4298.1, FAIL",    // 2019 CU19
        "15.0.4312.2, PASS",    // 2019 CU20, exactly the minimum
        "16.0.1000.6, PASS",
        "17.0.1000.7, PASS",
        "12.0.6024.0, FAIL",    // 2014
        "18.0.1000.1, WARN"     // newer than the data file
    })
    void versionComparesTheBuildWithTheMinimumOfItsMajor(String build, Status expected) {
        fixture.productVersion = build;
        Finding finding = only(version, fixture.facts());
        assertThat(finding.status()).isEqualTo(expected);
        assertThat(finding.evidence()).contains(build);
    }

    @Test
    void aVersionBelowTheMinimumNamesTheMinimumAndWhatToInstall() {
        fixture.productVersion = "15.0.4298.1";
        fixture.updateLevel = "CU19";
        Finding finding = only(version, fixture.facts());
        assertThat(finding.evidence()).contains("CU19").contains("15.0.4312.2");
        assertThat(finding.remediation().script()).contains("CU20");
    }

    @Test
    void a2017BuildPassingOnNumbersPointsAtTheBehaviouralProof() {
        fixture.productVersion = "14.0.3540.1";
        assertThat(only(version, fixture.facts()).evidence()).contains("sql.issuerProcedure");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Enterprise Edition (64-bit), PASS",
        "Enterprise Edition: Core-based Licensing (64-bit), PASS",
        "Developer Edition (64-bit), PASS",
        "Standard Edition (64-bit), PASS",
        "Express Edition (64-bit), FAIL",
        "Express Edition with Advanced Services (64-bit), FAIL",
        "Web Edition (64-bit), FAIL",
        "Evaluation Edition (64-bit), WARN"
    })
    void editionAllowsEnterpriseDeveloperAndStandardOnly(String edition, Status expected) {
        fixture.edition = edition;
        assertThat(only(new EditionCheck(), fixture.facts()).status()).isEqualTo(expected);
    }

    @Test
    void platformFailsSql2016OnLinuxAndNotesTheAgentLimitOnLinux() {
        fixture.platform = "Linux";
        Finding linux = only(new PlatformCheck(), fixture.facts());
        assertThat(linux.status()).isEqualTo(Status.PASS);
        assertThat(linux.evidence()).contains("PowerShell");
        fixture.productVersion = "13.0.7000.253";
        assertThat(only(new PlatformCheck(), fixture.facts()).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void missingIssuerProcedureFails() {
        assertThat(only(new IssuerProcedureCheck(), fixture.facts()).status()).isEqualTo(Status.PASS);
        fixture.issuerProcedure = false;
        assertThat(only(new IssuerProcedureCheck(), fixture.facts()).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aLoginThatIsNotSysadminFails() {
        fixture.sysadmin = false;
        assertThat(only(new SysadminCheck(), fixture.facts()).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void missingMasterKeyFailsWithAGuardedScriptAndAPlaceholderPassword() {
        fixture.masterKey = false;
        Finding finding = only(new MasterKeyCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.remediation().kind()).isEqualTo(Remediation.Kind.TSQL);
        assertThat(finding.remediation().script()).contains("IF NOT EXISTS").contains("<strong password>");
    }

    @Test
    void hadrOffFailsWithAFixForThePlatform() {
        fixture.hadr = false;
        Finding windows = only(new HadrCheck(), fixture.facts());
        assertThat(windows.status()).isEqualTo(Status.FAIL);
        assertThat(windows.remediation().script()).contains("Enable-SqlAlwaysOn");
        fixture.platform = "Linux";
        assertThat(only(new HadrCheck(), fixture.facts()).remediation().script())
                .contains("mssql-conf set hadr.hadrenabled 1");
        fixture.platform = "Windows";
        fixture.productVersion = "13.0.7000.253";
        assertThat(only(new HadrCheck(), fixture.facts()).remediation().script()).contains("Failover-Clustering");
    }

    @Test
    void traceFlagTellsWhetherItIsOnNowAndWhetherItIsSetAtStartup() {
        TraceFlagCheck check = new TraceFlagCheck(1800, "sector sizes");
        assertThat(only(check, fixture.facts()).status()).isEqualTo(Status.PASS);

        fixture.startup.remove("-T1800");
        Finding onlyNow = only(check, fixture.facts());
        assertThat(onlyNow.status()).isEqualTo(Status.WARN);
        assertThat(onlyNow.evidence()).contains("on globally now").contains("not set at startup")
                .contains("lost at the next restart");

        fixture.traceFlags.remove(Integer.valueOf(1800));
        fixture.startup.add("-T1800");
        Finding afterRestart = only(check, fixture.facts());
        assertThat(afterRestart.status()).isEqualTo(Status.WARN);
        assertThat(afterRestart.evidence()).contains("next restart");
        assertThat(afterRestart.remediation().script()).contains("DBCC TRACEON(1800, -1)");
    }

    @Test
    void traceFlagOnLinuxSaysStartupIsUnknownAndGivesMssqlConf() {
        fixture.platform = "Linux";
        fixture.startup = null;
        fixture.traceFlags.clear();
        Finding finding = only(new TraceFlagCheck(9567, "compression"), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.WARN);
        assertThat(finding.evidence()).contains("mssql.conf");
        assertThat(finding.remediation().script()).contains("mssql-conf traceflag 9567 on");
    }

    @Test
    void restartNeededListsEveryFixThatNeedsARestartInOneFinding() {
        TraceFlagCheck tf1800 = new TraceFlagCheck(1800, "x");
        TraceFlagCheck tf9567 = new TraceFlagCheck(9567, "y");
        RestartNeededCheck check = new RestartNeededCheck(version, List.of(tf1800, tf9567));
        assertThat(only(check, fixture.facts()).status()).isEqualTo(Status.PASS);

        fixture.hadr = false;
        fixture.startup.remove("-T9567");
        fixture.productVersion = "15.0.4298.1";
        Finding finding = only(check, fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.WARN);
        assertThat(finding.evidence()).contains("3 fixes need a restart").contains("sql.hadr").contains("-T9567")
                .contains("sql.version").doesNotContain("-T1800");
    }

    @Test
    void noEndpointPassesBecauseMilinkCreatesOne() {
        Finding finding = only(new EndpointCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.PASS);
        assertThat(finding.evidence()).contains("will create");
    }

    @Test
    void aWindowsOnlyEndpointWarnsWithAnAlterThatKeepsWindowsAuthentication() {
        fixture.endpoints.add(new EndpointFact("Hadr]endpoint", "STARTED", 5022, "NEGOTIATE", true, "AES", null,
                "ALL"));
        Finding finding = only(new EndpointCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.WARN);
        assertThat(finding.evidence()).contains("CERTIFICATE");
        assertThat(finding.remediation().script()).contains("ALTER ENDPOINT [Hadr]]endpoint]")
                .contains("WINDOWS NEGOTIATE CERTIFICATE").contains("ALGORITHM AES");
    }

    @Test
    void aCertificateEndpointWithAesPasses() {
        fixture.endpoints.add(new EndpointFact("Hadr_endpoint", "STARTED", 5022, "NEGOTIATE CERTIFICATE", true,
                "AES", "SQL22_link", "ALL"));
        assertThat(only(new EndpointCheck(), fixture.facts()).status()).isEqualTo(Status.PASS);
    }

    @Test
    void aCertificateEndpointWhoseEncryptionIsOnlySupportedWarns() {
        fixture.endpoints.add(new EndpointFact("Hadr_endpoint", "STARTED", 5022, "NEGOTIATE CERTIFICATE", true,
                "NONE AES", "SQL22_link", "ALL"));
        Finding finding = only(new EndpointCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.WARN);
        assertThat(finding.evidence()).contains("encryption SUPPORTED (NONE AES)")
                .contains("encryption is SUPPORTED, not REQUIRED");
    }

    @Test
    void anRc4OnlyEndpointWarnsThatAesIsMissing() {
        fixture.endpoints.add(new EndpointFact("Hadr_endpoint", "STARTED", 5022, "CERTIFICATE", true, "RC4",
                "SQL22_link", "ALL"));
        Finding finding = only(new EndpointCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.WARN);
        assertThat(finding.evidence()).contains("do not include AES").doesNotContain("not REQUIRED");
    }
}
