package io.milink.preflight.check;

import static io.milink.preflight.check.FactsFixture.database;
import static io.milink.preflight.check.FactsFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.check.db.AvailabilityGroupCheck;
import io.milink.preflight.check.db.ExistsCheck;
import io.milink.preflight.check.db.FullBackupCheck;
import io.milink.preflight.check.db.InMemoryOltpCheck;
import io.milink.preflight.check.db.LogBackupDuringSeedingCheck;
import io.milink.preflight.check.db.LogFilesCheck;
import io.milink.preflight.check.db.OnlineCheck;
import io.milink.preflight.check.db.RecoveryModelCheck;
import io.milink.preflight.check.db.SystemDatabaseCheck;
import io.milink.preflight.check.db.TdeCheck;
import io.milink.preflight.facts.DatabaseFacts;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class DatabaseChecksTest {

    private final FactsFixture fixture = new FactsFixture();

    @Test
    void aMissingDatabaseFailsExistsOnceAndTheOtherDatabaseChecksSkipIt() {
        fixture.requested.add("Nope");
        List<Finding> exists = new ExistsCheck().evaluate(fixture.facts());
        assertThat(exists).extracting(Finding::target, Finding::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Sales", Status.PASS),
                        org.assertj.core.groups.Tuple.tuple("Nope", Status.FAIL));
        List<Finding> recovery = new RecoveryModelCheck().evaluate(fixture.facts());
        assertThat(recovery.get(1).status()).isEqualTo(Status.SKIP);
        assertThat(recovery.get(1).evidence()).contains("db.exists");
    }

    @Test
    void databaseNamesCompareCaseInsensitivelyAsTheDefaultCollationDoes() {
        fixture.requested.set(0, "sales");
        assertThat(only(new ExistsCheck(), fixture.facts()).status()).isEqualTo(Status.PASS);
    }

    @Test
    void noDatabaseNamedGivesASkipThatSaysHowToNameOne() {
        fixture.requested.clear();
        Finding finding = only(new FullBackupCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.SKIP);
        assertThat(finding.evidence()).contains("--database");
    }

    @Test
    void systemDatabasesFailOnlyTheSystemDatabaseCheck() {
        fixture.databases.add(new DatabaseFacts("msdb", 4, "ONLINE", "SIMPLE", null, 1, 0, 0, null, null, null,
                null, false, 20));
        fixture.requested.set(0, "msdb");
        assertThat(only(new SystemDatabaseCheck(), fixture.facts()).status()).isEqualTo(Status.FAIL);
        assertThat(only(new RecoveryModelCheck(), fixture.facts()).status()).isEqualTo(Status.SKIP);
    }

    @Test
    void simpleRecoveryFailsWithAQuotedAlterAndABackup() {
        String hostile = "a]; DROP DATABASE x--";
        fixture.databases.add(database(hostile, "SIMPLE", null, null));
        fixture.requested.set(0, hostile);
        Finding finding = only(new RecoveryModelCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.remediation().script())
                .contains("ALTER DATABASE [a]]; DROP DATABASE x--] SET RECOVERY FULL;")
                .contains("BACKUP DATABASE [a]]; DROP DATABASE x--]");
    }

    @Test
    void aCopyOnlyBackupDoesNotCountAsTheFullBackupTheLinkNeeds() {
        fixture.databases.add(database("Reporting", "FULL", null, Instant.parse("2026-11-18T04:00:00Z")));
        fixture.requested.set(0, "Reporting");
        Finding finding = only(new FullBackupCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("COPY_ONLY");
        assertThat(only(new FullBackupCheck(), new FactsFixture().facts()).status()).isEqualTo(Status.PASS);
    }

    @Test
    void offlineMultipleLogFilesAndTwoXtpContainersFail() {
        fixture.databases.set(0, new DatabaseFacts("Sales", 5, "OFFLINE", "FULL", null, 2, 0, 2, null,
                Instant.parse("2026-11-20T01:00:00Z"), null, null, true, 2048));
        assertThat(only(new OnlineCheck(), fixture.facts()).status()).isEqualTo(Status.FAIL);
        assertThat(only(new LogFilesCheck(), fixture.facts()).status()).isEqualTo(Status.FAIL);
        assertThat(only(new InMemoryOltpCheck(), fixture.facts()).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void oneXtpContainerTdeAndAnExistingGroupWarn() {
        fixture.databases.set(0, new DatabaseFacts("Sales", 5, "ONLINE", "FULL", "AG_Sales", 1, 0, 1, 3,
                Instant.parse("2026-11-20T01:00:00Z"), null, null, true, 2048));
        assertThat(only(new InMemoryOltpCheck(), fixture.facts()).status()).isEqualTo(Status.WARN);
        assertThat(only(new TdeCheck(), fixture.facts()).status()).isEqualTo(Status.WARN);
        Finding group = only(new AvailabilityGroupCheck(), fixture.facts());
        assertThat(group.status()).isEqualTo(Status.WARN);
        assertThat(group.evidence()).contains("AG_Sales");
    }

    @Test
    void recentLogBackupsWarnBecauseOneDuringSeedingBreaksTheLink() {
        LogBackupDuringSeedingCheck check = new LogBackupDuringSeedingCheck();
        assertThat(only(check, fixture.facts()).status()).isEqualTo(Status.PASS);
        fixture.databases.set(0, new DatabaseFacts("Sales", 5, "ONLINE", "FULL", null, 1, 0, 0, null,
                Instant.parse("2026-11-20T01:00:00Z"), null, FactsFixture.COLLECTED.minusSeconds(3600), true, 2048));
        Finding finding = only(check, fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.WARN);
        assertThat(finding.evidence()).contains("1408");
        fixture.databases.set(0, new DatabaseFacts("Sales", 5, "ONLINE", "FULL", null, 1, 0, 0, null,
                Instant.parse("2026-11-20T01:00:00Z"), null, FactsFixture.COLLECTED.minusSeconds(30L * 86400), true,
                2048));
        assertThat(only(check, fixture.facts()).status()).isEqualTo(Status.PASS);
    }

    private static DatabaseFacts inGroup(String name, String group) {
        return new DatabaseFacts(name, 7, "ONLINE", "FULL", group, 1, 0, 0, null,
                Instant.parse("2026-11-20T01:00:00Z"), null, null, true, 100);
    }

    @Test
    void aDatabaseAloneInTheGroupTheSpecNamesPassesTheAvailabilityGroupCheck() {
        fixture.databases.set(0, inGroup("Sales", "AG_Sales"));
        fixture.availabilityGroups.add(new io.milink.preflight.facts.AvailabilityGroupFact("AG_Sales", false, "NONE",
                List.of("Sales")));
        fixture.availabilityGroupName = "ag_sales";
        assertThat(only(new AvailabilityGroupCheck(), fixture.facts()).status()).isEqualTo(Status.PASS);

        fixture.availabilityGroupName = null;
        Finding unnamed = only(new AvailabilityGroupCheck(), fixture.facts());
        assertThat(unnamed.status()).isEqualTo(Status.WARN);
        assertThat(unnamed.remediation().script()).contains("--availability-group AG_Sales");

        fixture.availabilityGroupName = "AG_New";
        Finding other = only(new AvailabilityGroupCheck(), fixture.facts());
        assertThat(other.status()).isEqualTo(Status.FAIL);
        assertThat(other.evidence()).contains("'AG_New'");
    }

    @Test
    void aTemplateNamesEachDatabasesOwnGroupForTheAvailabilityGroupCheck() {
        fixture.databases.set(0, inGroup("Sales", "AG_Sales"));
        fixture.databases.add(inGroup("Inventory", "AG_Inventory"));
        fixture.requested.add("Inventory");
        fixture.availabilityGroups.add(new io.milink.preflight.facts.AvailabilityGroupFact("AG_Sales", false, "NONE",
                List.of("Sales")));
        fixture.availabilityGroups.add(new io.milink.preflight.facts.AvailabilityGroupFact("AG_Inventory", false,
                "NONE", List.of("Inventory")));
        fixture.availabilityGroupName = "AG_{database}";
        assertThat(new AvailabilityGroupCheck().evaluate(fixture.facts())).extracting(Finding::target, Finding::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Sales", Status.PASS),
                        org.assertj.core.groups.Tuple.tuple("Inventory", Status.PASS));

        fixture.availabilityGroupName = "Link_{database}";
        List<Finding> other = new AvailabilityGroupCheck().evaluate(fixture.facts());
        assertThat(other).allMatch(f -> f.status() == Status.FAIL);
        assertThat(other.get(1).evidence()).contains("the spec names 'Link_Inventory'");
        // Two databases: the literal name the remediation used to suggest would serve only one of them.
        assertThat(other.get(1).remediation().script()).contains("a template with {database}")
                .contains("'AG_Inventory'");
    }

    @Test
    void aChosenGroupNameTooLongForOneDatabaseFailsThatDatabaseSayingWhy() {
        String longName = "S".repeat(127);
        fixture.databases.set(0, inGroup(longName, "AG_x"));
        fixture.requested.set(0, longName);
        fixture.availabilityGroupName = "Link_{database}";
        Finding finding = only(new AvailabilityGroupCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.evidence()).contains("cannot be created").contains("at most 128");
    }

    @Test
    void aChosenNameWithAPlaceholderMilinkDoesNotKnowIsRefusedWhenTheFactsAreMade() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new io.milink.preflight.facts.Facts.RequestedNames("AG_{db}", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{db} is not a placeholder");
    }

    @Test
    void aDatabaseSharingItsGroupFailsWithTheRemoveStatementsQuoted() {
        fixture.databases.set(0, inGroup("Sales", "AG]x"));
        fixture.availabilityGroups.add(new io.milink.preflight.facts.AvailabilityGroupFact("AG]x", false, "WSFC",
                List.of("Sales", "Or]ders")));
        fixture.availabilityGroupName = "AG]x";
        Finding finding = only(new AvailabilityGroupCheck(), fixture.facts());
        assertThat(finding.status()).isEqualTo(Status.FAIL);
        assertThat(finding.remediation().script())
                .contains("ALTER AVAILABILITY GROUP [AG]]x] REMOVE DATABASE [Or]]ders];")
                .doesNotContain("REMOVE DATABASE [Sales]");
    }

    @Test
    void filestreamFailsOnAFilestreamContainerAndPassesWithoutOne() {
        Finding clean = only(new io.milink.preflight.check.db.FilestreamCheck(), fixture.facts());
        assertThat(clean.status()).isEqualTo(Status.PASS);
        fixture.databases.set(0, new DatabaseFacts("Sales", 5, "ONLINE", "FULL", null, 1, 1, 0, null,
                Instant.parse("2026-11-20T01:00:00Z"), null, null, true, 2048));
        Finding filestream = only(new io.milink.preflight.check.db.FilestreamCheck(), fixture.facts());
        assertThat(filestream.status()).isEqualTo(Status.FAIL);
        assertThat(filestream.remediation()).isNotNull();
        // Memory-optimized containers are db.inMemoryOltp's business, not FILESTREAM.
        fixture.databases.set(0, new DatabaseFacts("Sales", 5, "ONLINE", "FULL", null, 1, 0, 2, null,
                Instant.parse("2026-11-20T01:00:00Z"), null, null, true, 2048));
        assertThat(only(new io.milink.preflight.check.db.FilestreamCheck(), fixture.facts()).status())
                .isEqualTo(Status.PASS);
    }
}
