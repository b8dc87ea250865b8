package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.PooledConnection;

import org.junit.jupiter.api.Test;

import com.microsoft.sqlserver.jdbc.SQLServerConnectionPoolDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Pooled connections: reuse of one server-side connection, and the state reset between borrowers. */
class TdsPoolingJdbcTest {

    private static String database(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DB_NAME()")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static int tranCount(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@TRANCOUNT")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    @Test
    void resetConnectionBitResetsTheEngineSessionOfAReusedPooledConnection() throws Exception {
        ScriptedEngine engine = new ScriptedEngine();
        try (TdsServer server = TdsServer.start(engine, TdsServerOptions.defaults())) {
            SQLServerConnectionPoolDataSource ds = new SQLServerConnectionPoolDataSource();
            ds.setURL(TdsServerJdbcTest.url(server));
            ds.setUser(ScriptedEngine.USER);
            ds.setPassword(ScriptedEngine.PASSWORD);
            PooledConnection pooled = ds.getPooledConnection();
            try {
                try (Connection first = pooled.getConnection(); Statement s = first.createStatement()) {
                    s.execute("USE master");
                    assertThat(database(first)).isEqualTo("master");
                }
                assertThat(engine.resets.get()).isZero();
                try (Connection second = pooled.getConnection()) {
                    assertThat(database(second)).isEqualTo(ScriptedEngine.LOGIN_DATABASE);
                }
                assertThat(engine.resets.get()).isEqualTo(1);
                assertThat(engine.logins.get()).isEqualTo(1);
            } finally {
                pooled.close();
            }
        }
    }

    @Test
    void hikariReusesOneServerConnectionAndRollsBackWhatTheBorrowerLeftOpen() throws Exception {
        ScriptedEngine engine = new ScriptedEngine();
        try (TdsServer server = TdsServer.start(engine, TdsServerOptions.defaults())) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(TdsServerJdbcTest.url(server));
            config.setUsername(ScriptedEngine.USER);
            config.setPassword(ScriptedEngine.PASSWORD);
            config.setMaximumPoolSize(1);
            config.setMinimumIdle(1);
            config.setConnectionTimeout(5_000);
            config.setCatalog(ScriptedEngine.LOGIN_DATABASE); // Hikari restores a dirty catalog only to a configured one
            try (HikariDataSource pool = new HikariDataSource(config)) {
                try (Connection first = pool.getConnection(); Statement s = first.createStatement()) {
                    first.setAutoCommit(false);
                    first.setCatalog("master");
                    assertThat(s.executeUpdate("INSERT INTO t VALUES (1)")).isEqualTo(1);
                    assertThat(tranCount(first)).isEqualTo(1);
                }
                try (Connection second = pool.getConnection()) {
                    assertThat(second.getAutoCommit()).isTrue();
                    assertThat(tranCount(second)).isZero();
                    assertThat(database(second)).isEqualTo(ScriptedEngine.LOGIN_DATABASE);
                }
            }
            assertThat(engine.logins.get()).isEqualTo(1);
            assertThat(engine.calls).contains("rollback");
        }
    }
}
