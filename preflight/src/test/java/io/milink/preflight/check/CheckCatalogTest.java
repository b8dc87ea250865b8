package io.milink.preflight.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.facts.FactsJson;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CheckCatalogTest {

    @Test
    void theCatalogHasEveryIdTheIssueNamesEachOnce() {
        List<String> ids = CheckCatalog.standard().checks().stream().map(Check::id).toList();
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        assertThat(ids).contains("sql.connect", "sql.version", "sql.edition", "sql.platform", "sql.issuerProcedure",
                "sql.sysadmin", "sql.masterKey", "sql.hadr", "sql.traceFlag.1800", "sql.traceFlag.9567",
                "sql.restartNeeded", "sql.endpoint", "db.exists", "db.online", "db.systemDatabase",
                "db.recoveryModel", "db.fullBackup", "db.logFiles", "db.filestream", "db.inMemoryOltp", "db.tde",
                "db.availabilityGroup", "db.logBackupDuringSeeding", "cert.rootCa.digicertGlobalRootG2",
                "cert.rootCa.microsoftRsaRoot2017", "cert.rootCa.expiry", "cert.link.expiry", "cert.mi.chain",
                "cert.mi.imported", "mi.exists", "mi.state", "mi.collation", "mi.updatePolicy", "mi.nameCollision",
                "mi.capacity", "mi.failoverGroup", "mi.existingLink", "mi.inMemoryOltpTier", "mi.tdeCertificate",
                "mi.permissions");
    }

    @Test
    void aReadyInstanceHasNoBlockingFindingAndLaterStagesAreSkippedNotPassed() {
        List<Finding> findings = CheckCatalog.standard().evaluate(new FactsFixture().facts());
        assertThat(findings).noneMatch(f -> f.status().blocksReadiness());
        assertThat(findings).filteredOn(f -> f.id().startsWith("mi.") || f.id().startsWith("net.")
                || f.id().startsWith("cert.mi.")).isNotEmpty().allMatch(f -> f.status() == Status.SKIP);
        assertThat(findings).filteredOn(f -> f.id().startsWith("cert.rootCa.")).hasSize(3)
                .allMatch(f -> f.status() == Status.PASS);
    }

    @Test
    void evaluationIsPureItNeitherChangesTheFactsNorRemembersAnEarlierEvaluation() {
        CheckCatalog catalog = CheckCatalog.standard();
        var ready = new FactsFixture().facts();
        FactsFixture broken = new FactsFixture();
        broken.traceFlags.clear();
        broken.startup.removeIf(p -> p.startsWith("-T"));
        var notReady = broken.facts();
        String readyBefore = FactsJson.write(ready);

        List<Finding> first = catalog.evaluate(ready);
        List<Finding> other = catalog.evaluate(notReady);
        List<Finding> again = catalog.evaluate(ready);

        assertThat(other).as("different facts, different findings: the comparison below can fail")
                .isNotEqualTo(first);
        assertThat(again).as("an evaluation in between leaves no trace").isEqualTo(first);
        assertThat(FactsJson.write(ready)).as("the facts are not changed").isEqualTo(readyBefore);
    }

    @Test
    void findingsAreOnePerCheckForTheInstanceAndOnePerDatabaseForDatabaseChecks() {
        FactsFixture fixture = new FactsFixture();
        fixture.databases.add(FactsFixture.database("Inventory"));
        fixture.requested.add("Inventory");
        List<Finding> findings = CheckCatalog.standard().evaluate(fixture.facts());
        Set<String> dbFindings = new HashSet<>();
        findings.stream().filter(f -> f.id().startsWith("db.")).forEach(f -> dbFindings.add(f.id() + "/" + f.target()));
        assertThat(dbFindings).contains("db.fullBackup/Sales", "db.fullBackup/Inventory");
    }

    @Test
    void aCheckThatThrowsOnUnforeseenFactsBecomesOneErrorFindingAndTheOthersStillRun() {
        Check throwing = new Check() {
            @Override
            public String id() {
                return "test.throws";
            }

            @Override
            public List<Finding> evaluate(io.milink.preflight.facts.Facts facts) {
                throw new IllegalStateException("not a certificate");
            }
        };
        Check first = CheckCatalog.standard().checks().get(0);
        List<Finding> findings = new CheckCatalog(List.of(throwing, first)).evaluate(new FactsFixture().facts());

        assertThat(findings.get(0).id()).isEqualTo("test.throws");
        assertThat(findings.get(0).status()).isEqualTo(Status.ERROR);
        assertThat(findings.get(0).evidence()).contains("IllegalStateException: not a certificate");
        assertThat(findings).as("the next check still ran").anyMatch(f -> f.id().equals(first.id()));
    }
}
