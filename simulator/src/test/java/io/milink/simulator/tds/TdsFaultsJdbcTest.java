package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.FaultPlan;

/** Faults the protocol layer injects from a {@link FaultPlan}. */
class TdsFaultsJdbcTest {

    private static Connection connect(TdsServer server) throws SQLException {
        return DriverManager.getConnection(TdsServerJdbcTest.url(server), ScriptedEngine.USER, ScriptedEngine.PASSWORD);
    }

    private static void selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void dropConnectionAfterRequestsClosesTheSocketOnTheNthRequest() throws Exception {
        FaultPlan plan = new FaultPlan(2, Duration.ZERO, List.of());
        try (TdsServer server = TdsServer.start(new ScriptedEngine(), TdsServerOptions.defaults().withFaults(plan));
             Connection c = connect(server)) {
            selectOne(c);
            assertThatThrownBy(() -> selectOne(c)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("08S01"));
            assertThat(c.isClosed()).isTrue();
            // Other connections are not affected: a new one gets its own count.
            try (Connection again = connect(server)) {
                selectOne(again);
            }
        }
    }

    @Test
    void replyDelayDelaysPreloginLoginAndEveryRequestReply() throws Exception {
        FaultPlan plan = new FaultPlan(0, Duration.ofMillis(200), List.of());
        try (TdsServer server = TdsServer.start(new ScriptedEngine(), TdsServerOptions.defaults().withFaults(plan))) {
            long start = System.nanoTime();
            try (Connection c = connect(server)) {
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(400);
                start = System.nanoTime();
                selectOne(c);
                selectOne(c);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(400);
            }
        }
    }
}
