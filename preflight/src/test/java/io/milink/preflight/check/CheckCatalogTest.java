package io.milink.preflight.check;

import static org.assertj.core.api.Assertions.assertThat;

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
    void evaluationIsPureTheSameFactsGiveTheSameFindings() {
        var facts = new FactsFixture().facts();
        assertThat(CheckCatalog.standard().evaluate(facts)).isEqualTo(CheckCatalog.standard().evaluate(facts));
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
}
