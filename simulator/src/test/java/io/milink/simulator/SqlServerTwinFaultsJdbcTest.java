package io.milink.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.milink.simulator.engine.FaultPlan;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Faults configured through {@link SqlServerTwin#builder()} on the full twin, as the real mssql-jdbc driver sees
 * them (docs/simulator.md, Fault injection).
 */
class SqlServerTwinFaultsJdbcTest {

    private static SqlServerTwin start(FaultPlan faults) throws Exception {
        return SqlServerTwin.builder().builtInScenario("ready-2022").tls(false).faults(faults).start();
    }

    private static Connection connect(SqlServerTwin twin) throws SQLException {
        SqlServerTwin.Credentials sa = twin.sysadminCredentials();
        return DriverManager.getConnection(twin.jdbcUrl(SqlServerTwin.Encryption.FALSE, null), sa.userName(),
                sa.password());
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theConnectionDropsAtTheNthRequestAndTheDriverSeesItClosed() throws Exception {
        try (SqlServerTwin twin = start(new FaultPlan(3, Duration.ZERO, List.of()));
             Connection c = connect(twin)) {
            assertThat(selectOne(c)).isEqualTo(1);
            assertThat(selectOne(c)).isEqualTo(1);
            SQLException dropped = catchThrowableOfType(SQLException.class, () -> selectOne(c));
            // 08S01: communication link failure, the driver's state for a connection the server closed.
            assertThat(dropped.getSQLState()).isEqualTo("08S01");
            assertThat(c.isClosed()).isTrue();
            try (Connection fresh = connect(twin)) {
                assertThat(selectOne(fresh)).as("each connection counts its own requests").isEqualTo(1);
            }
        }
    }

    @Test
    void everyReplyIsDelayedByTheConfiguredTime() throws Exception {
        Duration delay = Duration.ofMillis(150);
        try (SqlServerTwin twin = start(new FaultPlan(0, delay, List.of()))) {
            long connectStart = System.nanoTime();
            try (Connection c = connect(twin)) {
                // PRELOGIN and LOGIN7 are answered once each, each after the delay.
                assertThat(Duration.ofNanos(System.nanoTime() - connectStart)).isGreaterThanOrEqualTo(delay.multipliedBy(2));
                for (int i = 0; i < 2; i++) {
                    long start = System.nanoTime();
                    assertThat(selectOne(c)).isEqualTo(1);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(delay);
                }
            }
        }
    }

    @Test
    void aStatementMatchingThePatternFailsWithTheGivenNumberAndTheBatchGoesOn() throws Exception {
        FaultPlan faults = new FaultPlan(0, Duration.ZERO,
                List.of(FaultPlan.StatementFault.of("ALTER\\s+DATABASE", 5069)));
        try (SqlServerTwin twin = start(faults); Connection c = connect(twin); Statement s = c.createStatement()) {
            SQLException e = catchThrowableOfType(SQLException.class,
                    () -> s.execute("ALTER DATABASE [Sales] SET RECOVERY SIMPLE"));
            assertThat(e.getErrorCode()).isEqualTo(5069);
            assertThat(e.getMessage()).isEqualTo("ALTER DATABASE statement failed.");
            try (ResultSet rs = s.executeQuery("SELECT recovery_model_desc FROM sys.databases WHERE name = N'Sales'")) {
                rs.next();
                assertThat(rs.getString(1)).as("the faulted statement did not run").isEqualTo("FULL");
            }
        }
    }
}
