package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ATTENTION: query timeout and Statement.cancel() interrupt a slow statement, and the connection stays usable. */
class TdsAttentionJdbcTest {
    private static TdsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TdsServer.start(new ScriptedEngine(), TdsServerOptions.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TdsServerJdbcTest.url(server), ScriptedEngine.USER, ScriptedEngine.PASSWORD);
    }

    private static void assertUsable(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void queryTimeoutCancelsSlowStatementAndConnectionStaysUsable() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.execute("WAITFOR DELAY '00:00:20'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("HY008");
                        assertThat(e.getMessage()).contains("timed out");
                    });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            assertUsable(c);
        }
    }

    @Test
    void cancelFromAnotherThreadInterruptsSlowStatement() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.execute("WAITFOR DELAY '00:00:20'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("HY008");
                        assertThat(e.getMessage()).contains("canceled");
                    });
            canceller.get(5, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            assertUsable(c);
        }
    }

    @Test
    void queryTimeoutAlsoCancelsAPreparedStatementRunningInsideAnRpc() throws Exception {
        try (Connection c = connect(); java.sql.PreparedStatement ps = c.prepareStatement("WAITFOR DELAY '00:00:20'")) {
            ps.setQueryTimeout(1);
            assertThatThrownBy(ps::execute).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("HY008"));
            assertUsable(c);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void cancelsRacingWithTheReplyNeverDesynchronizeTheConnection() throws Exception {
        java.util.Random random = new java.util.Random(42);
        try (Connection c = connect()) {
            for (int i = 0; i < 40; i++) {
                try (Statement s = c.createStatement()) {
                    long delayMicros = random.nextInt(1500);
                    CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                        try {
                            TimeUnit.MICROSECONDS.sleep(delayMicros);
                            s.cancel();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    try (ResultSet rs = s.executeQuery("SELECT 1")) {
                        assertThat(rs.next()).isTrue();
                    } catch (SQLException e) {
                        assertThat(e.getSQLState()).isEqualTo("HY008");
                    }
                    canceller.get(5, TimeUnit.SECONDS);
                }
                assertUsable(c);
            }
        }
    }

    @Test
    void cancelWithNothingRunningLeavesConnectionUsable() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            s.cancel();
            assertUsable(c);
        }
    }
}
