package io.milink.simulator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.EngineSession;
import io.milink.simulator.engine.ServerMessage;

/** ALTER DATABASE … SET RECOVERY and BACKUP (mi-link-workflow §1.7). */
class DatabaseStatementsTest {

    private SqlServerInstance instance;
    private EngineSession session;

    @BeforeEach
    void start() {
        instance = TwinFixture.instance("sql2019.yaml");
        session = TwinFixture.sa(instance);
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    @Test
    void recoveryModelChangesAreVisibleInSysDatabases() {
        assertThat(TwinFixture.run(session, "ALTER DATABASE [Staging] SET RECOVERY FULL WITH NO_WAIT").errors()).isEmpty();
        assertThat(TwinFixture.run(session, "SELECT recovery_model, recovery_model_desc FROM sys.databases WHERE name = 'staging'")
                .onlyTable().rows().get(0)).containsExactly((short) 1, "FULL");
    }

    @Test
    void alterMissingDatabaseIs5011Then5069() {
        RecordingSink r = TwinFixture.run(session, "ALTER DATABASE [Nope] SET RECOVERY FULL");
        assertThat(r.errors()).extracting(ServerMessage::number).containsExactly(5011, 5069);
        assertThat(r.errors().get(0).text()).isEqualTo("User does not have permission to alter database 'Nope', the database"
                + " does not exist, or the database is not in a state that allows access checks.");
        assertThat(r.dones).singleElement().matches(RecordingSink.Done::failed);
    }

    @Test
    void backupAddsBackupsetRowAndReportsPages() {
        RecordingSink r = TwinFixture.run(session, "BACKUP DATABASE [Staging] TO DISK = N'C:\\b\\Staging.bak'"
                + " WITH COPY_ONLY, CHECKSUM, INIT, FORMAT, COMPRESSION, STATS = 50");
        assertThat(r.errors()).isEmpty();
        assertThat(r.messages).extracting(ServerMessage::number).containsExactly(3211, 3211, 4035, 4035, 3014);
        assertThat(r.messages.get(2).text()).isEqualTo("Processed 2048 pages for database 'Staging', file 'Staging' on file 1.");
        assertThat(r.messages.get(4).text()).startsWith("BACKUP DATABASE successfully processed 2050 pages in ");
        assertThat(TwinFixture.run(session, "SELECT type, is_copy_only, has_backup_checksums FROM msdb.dbo.backupset"
                + " WHERE database_name = N'Staging'").onlyTable().rows().get(0)).containsExactly("D", true, true);
    }

    @Test
    void backupOfMissingDatabaseIs911Then3013() {
        RecordingSink r = TwinFixture.run(session, "BACKUP DATABASE nope TO DISK = 'x.bak'");
        assertThat(r.errors()).extracting(ServerMessage::text).containsExactly(
                "Database 'nope' does not exist. Make sure that the name is entered correctly.",
                "BACKUP DATABASE is terminating abnormally.");
    }

    @Test
    void logChainStartsWithAFullBackupAfterSwitchingToFull() {
        TwinFixture.run(session, "ALTER DATABASE Staging SET RECOVERY FULL");
        String probe = "SELECT last_log_backup_lsn FROM sys.database_recovery_status WHERE database_id = DB_ID('Staging')";
        assertThat(TwinFixture.run(session, probe).scalar()).isNull();
        assertThat(TwinFixture.run(session, "BACKUP LOG Staging TO DISK = 'l.trn'").errors())
                .extracting(ServerMessage::number).containsExactly(4214, 3013);
        TwinFixture.run(session, "BACKUP DATABASE Staging TO DISK = 'f.bak' WITH CHECKSUM");
        assertThat(TwinFixture.run(session, probe).scalar()).isNotNull();
        assertThat(TwinFixture.run(session, "BACKUP LOG Staging TO DISK = 'l.trn'").errors()).isEmpty();
    }

    @Test
    void backupInsideTransactionIs3021() {
        assertThat(TwinFixture.run(session, "BEGIN TRAN; BACKUP DATABASE Sales TO DISK = 'x.bak'").errors())
                .extracting(ServerMessage::number).containsExactly(3021, 3013);
    }

    @Test
    void brokerAndAcceleratedRecoveryOptions() {
        assertThat(TwinFixture.run(session, "ALTER DATABASE Sales SET ENABLE_BROKER; ALTER DATABASE CURRENT SET"
                + " ACCELERATED_DATABASE_RECOVERY = ON").errors()).isEmpty();
        assertThat(TwinFixture.run(session, "SELECT is_broker_enabled, is_accelerated_database_recovery_on FROM"
                + " sys.databases WHERE name IN ('Sales', 'master') ORDER BY database_id").onlyTable().rows())
                .extracting(r -> java.util.List.of(r)).containsExactly(java.util.List.of(false, true), java.util.List.of(true, false));
        try (SqlServerInstance old = TwinFixture.instance("sql2016.yaml")) {
            assertThat(TwinFixture.run(TwinFixture.sa(old), "ALTER DATABASE Legacy SET ACCELERATED_DATABASE_RECOVERY = ON")
                    .errors()).extracting(ServerMessage::number).containsExactly(102);
        }
    }

    @Test
    void alterDatabaseInsideTransactionIs226() {
        assertThat(TwinFixture.run(session, "BEGIN TRAN; ALTER DATABASE Sales SET RECOVERY SIMPLE").errors())
                .extracting(ServerMessage::text).containsExactly("ALTER DATABASE statement not allowed within multi-statement transaction.");
    }

    @Test
    void backupFileNumberGrowsWithoutInit() {
        TwinFixture.run(session, "BACKUP DATABASE Sales TO DISK = 'same.bak' WITH INIT");
        RecordingSink r = TwinFixture.run(session, "BACKUP DATABASE Sales TO DISK = 'same.bak'");
        assertThat(r.messages.get(0).text()).endsWith("on file 2.");
    }
}
