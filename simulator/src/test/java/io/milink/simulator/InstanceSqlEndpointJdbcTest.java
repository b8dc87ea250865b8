package io.milink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.milink.simulator.link.VirtualClock;
import io.milink.simulator.sqlserver.scenario.ScenarioException;

/**
 * The managed instance's SQL endpoint, reached with mssql-jdbc: it says it is a managed instance, and its
 * msdb.dbo.backupset shows the instance's automatic full backups only once the link world has taken them, a slow
 * first backup ({@code link.instanceFirstFullBackupAfter}) included.
 */
class InstanceSqlEndpointJdbcTest {

    private static final String ADMIN = "  administratorLogin: miadmin\n"
            + "  administratorLoginPassword: \"Mi-Admin-Passw0rd!\"\n";

    /** linked-2022 (Sales 40 % seeded at 10 MB/s) with the instance's SQL endpoint and a slow first full backup. */
    private static String scenario(String firstBackupAfter) {
        String yaml = BuiltInScenarios.yaml("linked-2022");
        yaml = yaml.replace("  databases: [ HR ]\n", "  databases: [ HR ]\n" + ADMIN);
        return yaml.replace("link:\n", "link:\n  instanceFirstFullBackupAfter: " + firstBackupAfter + "\n");
    }

    private static Connection connect(LinkedTwins twins) throws Exception {
        SqlServerTwin mi = twins.instanceSql().orElseThrow();
        return DriverManager.getConnection(mi.jdbcUrl(SqlServerTwin.Encryption.FALSE, null), "miadmin",
                "Mi-Admin-Passw0rd!");
    }

    private static List<List<Object>> fullBackupsOfSales(Connection c) throws Exception {
        return JdbcRows.rows(c, "SELECT backup_finish_date, is_copy_only FROM msdb.dbo.backupset WHERE database_name"
                + " = 'Sales' AND type = 'D' ORDER BY backup_finish_date");
    }

    @Test
    void theEndpointSaysItIsAManagedInstance() throws Exception {
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(scenario("PT5M"), "test").clock(VirtualClock.manual())
                .tls(false).start();
             Connection c = connect(twins)) {
            List<List<Object>> row = JdbcRows.rows(c, "SELECT CAST(SERVERPROPERTY('EngineEdition') AS int), "
                    + "CAST(SERVERPROPERTY('Edition') AS nvarchar(128)), @@VERSION");
            assertThat(row.get(0).get(0)).isEqualTo(8);
            assertThat(row.get(0).get(1)).isEqualTo("SQL Azure");
            assertThat((String) row.get(0).get(2)).startsWith("Microsoft SQL Azure (RTM) - 12.0.");
            assertThat(twins.sqlServer().orElseThrow().port()).isNotEqualTo(twins.instanceSql().orElseThrow().port());
        }
    }

    @Test
    void aSlowFirstFullBackupShowsOnlyOnceItHasFinishedAndAFailoverIsFollowedByAnother() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(scenario("PT2H"), "test").clock(clock).tls(false)
                .start();
             Connection mi = connect(twins);
             Connection sql = DriverManager.getConnection(twins.sqlServer().orElseThrow()
                     .jdbcUrl(SqlServerTwin.Encryption.FALSE, null), "sa", "Twin-Passw0rd!")) {
            // 60 % of 2048 MB at 10 MB/s: seeded after about two minutes; the backup is due two hours later.
            clock.advance(Duration.ofMinutes(5));
            assertThat(fullBackupsOfSales(mi)).as("seeded, but its first full backup has not finished").isEmpty();
            clock.advance(Duration.ofMinutes(110));
            assertThat(fullBackupsOfSales(mi)).as("about 5 minutes before it finishes").isEmpty();
            clock.advance(Duration.ofMinutes(10));
            List<List<Object>> first = fullBackupsOfSales(mi);
            assertThat(first).hasSize(1);
            assertThat(first.get(0).get(1)).isEqualTo(false);

            twins.world().pauseWorkload();
            try (Statement s = sql.createStatement()) {
                s.execute("ALTER AVAILABILITY GROUP [DAG_Sales] MODIFY AVAILABILITY GROUP ON 'AG_Sales' WITH "
                        + "(AVAILABILITY_MODE = SYNCHRONOUS_COMMIT), 'AG_Sales_MI' WITH (AVAILABILITY_MODE = "
                        + "SYNCHRONOUS_COMMIT);");
                clock.advance(Duration.ofSeconds(30));
                s.execute("ALTER AVAILABILITY GROUP [DAG_Sales] FAILOVER;");
            }
            Instant failedOver = clock.now();
            clock.advance(Duration.ofMinutes(119));
            assertThat(fullBackupsOfSales(mi)).as("the backup after the failover is still running").hasSize(1);
            clock.advance(Duration.ofMinutes(2));
            List<List<Object>> after = fullBackupsOfSales(mi);
            assertThat(after).hasSize(2);
            assertThat(((Timestamp) after.get(1).get(0)).toInstant()).isAfter(failedOver);
            assertThat(((Timestamp) after.get(0).get(0)).toInstant()).isBefore(failedOver);
        }
    }

    @Test
    void aLoginWithoutItsPasswordIsAScenarioError() {
        String yaml = scenario("PT5M").replace("  administratorLoginPassword: \"Mi-Admin-Passw0rd!\"\n", "");
        assertThatThrownBy(() -> LinkedTwins.builder().scenarioYaml(yaml, "test").tls(false).start())
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("administratorLogin and administratorLoginPassword together");
    }
}
