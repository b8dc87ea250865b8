package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.sqlserver.jdbc.SQLServerException;

/** The unmodified mssql-jdbc driver against a plaintext twin: login, batches, messages, environment changes. */
class TdsServerJdbcTest {
    private static ScriptedEngine engine;
    private static TdsServer server;

    @BeforeAll
    static void start() throws Exception {
        engine = new ScriptedEngine();
        server = TdsServer.start(engine, TdsServerOptions.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String url(TdsServer s) {
        return "jdbc:sqlserver://127.0.0.1:" + s.port() + ";encrypt=false;loginTimeout=5";
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(server), ScriptedEngine.USER, ScriptedEngine.PASSWORD);
    }

    @Test
    void selectOneReturnsOneRowAndProductVersionComesFromLoginAck() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.next()).isFalse();
            assertThat(c.getMetaData().getDatabaseProductVersion()).isEqualTo("16.00.4135");
            assertThat(c.getCatalog()).isEqualTo(ScriptedEngine.LOGIN_DATABASE);
        }
    }

    @Test
    void wrongPasswordFailsWithLogin18456() {
        assertThatThrownBy(() -> DriverManager.getConnection(url(server), ScriptedEngine.USER, "wrong"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(18456);
                    assertThat(e.getSQLState()).isEqualTo("S0001");
                    assertThat(e.getMessage()).contains("Login failed for user 'sa'");
                });
    }

    @Test
    void batchWithTwoStatementsGivesTwoResultSets() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(s.execute("SELECT 1 AS a; SELECT N'two' AS b, 2 AS c")).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("a")).isEqualTo(1);
            }
            assertThat(s.getMoreResults()).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("b")).isEqualTo("two");
                assertThat(rs.getInt("c")).isEqualTo(2);
            }
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
        }
    }

    @Test
    void raiserrorSurfacesNumberStateAndSeverity() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("RAISERROR(15578,16,1)"))
                    .isInstanceOfSatisfying(SQLServerException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(15578);
                        assertThat(e.getSQLState()).isEqualTo("S0001");
                        assertThat(e.getSQLServerError().getErrorSeverity()).isEqualTo(16);
                        assertThat(e.getSQLServerError().getServerName()).isEqualTo("TWIN01");
                        assertThat(e.getMessage()).isEqualTo("Twin error 15578.");
                    });
            // The connection survives a statement error.
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void printAndDbccBecomeWarnings() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("PRINT 'hello'");
            SQLWarning print = s.getWarnings();
            assertThat((Object) print).isNotNull();
            assertThat(print.getMessage()).isEqualTo("hello from PRINT");
            assertThat(print.getErrorCode()).isZero();
            s.clearWarnings();
            s.execute("DBCC CHECKIDENT");
            SQLWarning dbcc = s.getWarnings();
            assertThat((Object) dbcc).isNotNull();
            assertThat(dbcc.getErrorCode()).isEqualTo(2528);
        }
    }

    @Test
    void useDatabaseUpdatesCatalog() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("USE master");
            assertThat(c.getCatalog()).isEqualTo("master");
            try (ResultSet rs = s.executeQuery("SELECT DB_NAME()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("master");
            }
        }
    }

    @Test
    void updateCountsComeFromDoneTokens() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO t VALUES (1)")).isEqualTo(1);
            assertThat(s.executeUpdate("UPDATE t SET a = 1")).isEqualTo(3);
        }
    }

    @Test
    void emptyBatchStillCompletes() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(s.execute("   ")).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void autoCommitFalseCommitAndRollbackTravelAsTransactionEnvChanges() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t VALUES (1)");
            try (ResultSet rs = s.executeQuery("SELECT @@TRANCOUNT")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            int before = engine.calls.size();
            c.commit();
            assertThat(engine.calls.subList(before, engine.calls.size())).contains("commit");
            s.executeUpdate("INSERT INTO t VALUES (2)");
            before = engine.calls.size();
            c.rollback();
            assertThat(engine.calls.subList(before, engine.calls.size())).contains("rollback");
            c.setAutoCommit(true);
            assertThat(s.executeUpdate("INSERT INTO t VALUES (3)")).isEqualTo(1);
        }
    }
}
