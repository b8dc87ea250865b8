package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.sqlserver.jdbc.SQLServerException;

/**
 * Byte-level checks with a hand-rolled client (token order, DONE bits, RPC by name, 0xFF-separated calls) and
 * robustness: malformed input, engine bugs and shutdown leave the server serving and leak nothing.
 */
class TdsRobustnessTest {
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

    @BeforeEach
    void clearCalls() {
        engine.calls.clear();
    }

    private static Connection connect(TdsServer s) throws SQLException {
        return DriverManager.getConnection(TdsServerJdbcTest.url(s), ScriptedEngine.USER, ScriptedEngine.PASSWORD);
    }

    private static void assertServerStillServes() throws SQLException {
        try (Connection c = connect(server); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    private static void rpcCallByName(ByteWriter w, String name, int intArgument) {
        w.u16(name.length()).ucs2(name).u16(0);
        w.u8(0).u8(0).u8(TypeCodec.INTN).u8(4).u8(4).u32(intArgument);
    }

    @Test
    void procedureCallsByNameSeparatedBy0xFfEachGetReturnStatusAndDoneProc() throws Exception {
        try (RawTdsClient client = new RawTdsClient(server.port())) {
            byte[] login = client.login(ScriptedEngine.USER, ScriptedEngine.PASSWORD);
            assertThat(RawTdsClient.count(login, (byte) TokenWriter.LOGINACK)).isPositive();
            ByteWriter rpc = RawTdsClient.allHeaders();
            rpcCallByName(rpc, "sp_twin_echo", 5);
            rpc.u8(0xFF);
            rpcCallByName(rpc, "sp_twin_echo", 6);
            client.send(TdsMessage.RPC, rpc.toByteArray());
            byte[] reply = client.readMessage();
            assertThat(RawTdsClient.count(reply, (byte) 0x79, (byte) 7, (byte) 0, (byte) 0, (byte) 0)).isEqualTo(2);
            // First DONEPROC has MORE set, the last one does not.
            assertThat(RawTdsClient.count(reply, (byte) 0xFE, (byte) 0x01, (byte) 0x00)).isEqualTo(1);
            assertThat(reply[reply.length - 13]).isEqualTo((byte) 0xFE);
            assertThat(reply[reply.length - 12]).isEqualTo((byte) 0x00);
        }
        assertThat(engine.calls).containsExactly("procedure sp_twin_echo", "procedure sp_twin_echo");
    }

    @Test
    void systemProceduresCalledByNameTakeTheSamePathAsProcIds() throws Exception {
        try (RawTdsClient client = new RawTdsClient(server.port())) {
            client.login(ScriptedEngine.USER, ScriptedEngine.PASSWORD);
            ByteWriter rpc = RawTdsClient.allHeaders();
            String name = "sp_executesql";
            rpc.u16(name.length()).ucs2(name).u16(0);
            String sql = "SELECT 1";
            rpc.u8(10).ucs2("@statement").u8(0).u8(TypeCodec.NVARCHAR).u16(8000).bytes(Collations.SQL_LATIN1_GENERAL_CP1_CI_AS)
                    .u16(sql.length() * 2).ucs2(sql);
            client.send(TdsMessage.RPC, rpc.toByteArray());
            byte[] reply = client.readMessage();
            assertThat(RawTdsClient.count(reply, (byte) TokenWriter.COLMETADATA)).isPositive();
        }
        assertThat(engine.calls).containsExactly("executeSql");
    }

    @Test
    void loginReplyStartsWithDatabaseEnvChangeAndEndsWithFinalDone() throws Exception {
        try (RawTdsClient client = new RawTdsClient(server.port())) {
            byte[] reply = client.login(ScriptedEngine.USER, ScriptedEngine.PASSWORD);
            assertThat(reply[0]).isEqualTo((byte) TokenWriter.ENVCHANGE);
            assertThat(reply[3]).isEqualTo((byte) TokenWriter.ENV_DATABASE);
            // Collation ENVCHANGE: type 7, new value 5 bytes 09 04 d0 00 34, old value empty (§4.3).
            assertThat(RawTdsClient.count(reply, (byte) 7, (byte) 5, (byte) 0x09, (byte) 0x04, (byte) 0xD0, (byte) 0x00,
                    (byte) 0x34, (byte) 0)).isEqualTo(1);
            // LOGINACK body: interface 1, then TDS version 7.4 big-endian (§5.1).
            assertThat(RawTdsClient.count(reply, (byte) 1, (byte) 0x74, (byte) 0, (byte) 0, (byte) 4)).isEqualTo(1);
            byte[] tail = java.util.Arrays.copyOfRange(reply, reply.length - 13, reply.length);
            assertThat(tail).containsExactly(0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    @Test
    void batchDoneTokensCarryMoreCountAndCurCmd() throws Exception {
        try (RawTdsClient client = new RawTdsClient(server.port())) {
            client.login(ScriptedEngine.USER, ScriptedEngine.PASSWORD);
            client.send(TdsMessage.SQL_BATCH,
                    RawTdsClient.allHeaders().ucs2("SELECT 1 AS a; SELECT N'two' AS b, 2 AS c").toByteArray());
            byte[] reply = client.readMessage();
            // First statement: DONE(MORE|COUNT, SELECT, 1 row); last: DONE(COUNT, SELECT, 1 row).
            assertThat(RawTdsClient.count(reply, (byte) 0xFD, (byte) 0x11, (byte) 0, (byte) 0xC1, (byte) 0, (byte) 1))
                    .isEqualTo(1);
            byte[] tail = java.util.Arrays.copyOfRange(reply, reply.length - 13, reply.length);
            assertThat(tail).containsExactly(0xFD, 0x10, 0, 0xC1, 0, 1, 0, 0, 0, 0, 0, 0, 0);
            client.send(TdsMessage.SQL_BATCH, RawTdsClient.allHeaders().ucs2("RAISERROR(15578,16,1)").toByteArray());
            byte[] error = client.readMessage();
            byte[] errorTail = java.util.Arrays.copyOfRange(error, error.length - 13, error.length);
            assertThat(errorTail).containsExactly(0xFD, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    @Test
    void unknownProcedureByNameIsError2812AndConnectionStaysUsable() throws Exception {
        try (RawTdsClient client = new RawTdsClient(server.port())) {
            client.login(ScriptedEngine.USER, ScriptedEngine.PASSWORD);
            ByteWriter rpc = RawTdsClient.allHeaders();
            rpcCallByName(rpc, "no_such_proc", 1);
            client.send(TdsMessage.RPC, rpc.toByteArray());
            byte[] reply = client.readMessage();
            // ERROR token, then number 2812 (0x0AFC) little-endian after the USHORT length.
            assertThat(RawTdsClient.count(reply, (byte) 0xFC, (byte) 0x0A, (byte) 0, (byte) 0)).isEqualTo(1);
            assertThat(reply[0]).isEqualTo((byte) TokenWriter.ERROR);
            client.send(TdsMessage.SQL_BATCH, RawTdsClient.allHeaders().ucs2("SELECT 1").toByteArray());
            assertThat(client.readMessage()[0]).isEqualTo((byte) TokenWriter.COLMETADATA);
        }
    }

    @Test
    void unsupportedParameterTypeIsAnErrorNotADisconnect() throws Exception {
        try (RawTdsClient client = new RawTdsClient(server.port())) {
            client.login(ScriptedEngine.USER, ScriptedEngine.PASSWORD);
            ByteWriter rpc = RawTdsClient.allHeaders().u16(0xFFFF).u16(RequestDispatcher.SP_EXECUTESQL).u16(0);
            rpc.u8(0).u8(0).u8(TypeCodec.TIMEN).u8(7).u8(5).uN(0, 5);
            client.send(TdsMessage.RPC, rpc.toByteArray());
            byte[] reply = client.readMessage();
            assertThat(reply[0]).isEqualTo((byte) TokenWriter.ERROR);
            assertThat(RawTdsClient.count(reply, (byte) 0x50, (byte) 0x1F, (byte) 0, (byte) 0)).isEqualTo(1); // 8016
            client.send(TdsMessage.SQL_BATCH, RawTdsClient.allHeaders().ucs2("SELECT 1").toByteArray());
            assertThat(client.readMessage()[0]).isEqualTo((byte) TokenWriter.COLMETADATA);
        }
    }

    @Test
    void malformedPacketClosesOnlyThatConnection() throws Exception {
        try (RawTdsClient client = new RawTdsClient(server.port())) {
            client.sendRaw(TdsMessage.PRELOGIN, 0x01, new byte[] {1, 2, 3}, 3);
            assertThat(client.serverClosed()).isTrue();
        }
        try (RawTdsClient client = new RawTdsClient(server.port())) {
            client.login(ScriptedEngine.USER, ScriptedEngine.PASSWORD);
            client.sendRaw(TdsMessage.SQL_BATCH, 0x01, new byte[] {1, 0, 0, 0}, 12);
            assertThat(client.serverClosed()).isTrue();
        }
        assertServerStillServes();
    }

    @Test
    void wrongPasswordClosesTheConnectionAfterTheErrorReply() throws Exception {
        try (RawTdsClient client = new RawTdsClient(server.port())) {
            byte[] reply = client.login(ScriptedEngine.USER, "not-it");
            assertThat(reply[0]).isEqualTo((byte) TokenWriter.ERROR);
            assertThat(client.serverClosed()).isTrue();
        }
    }

    @Test
    void engineExceptionAnswersSeverity20AndClosesTheConnection() throws Exception {
        try (Connection c = connect(server); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("BOOM")).isInstanceOfSatisfying(SQLServerException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(50000);
                assertThat(e.getSQLServerError().getErrorSeverity()).isEqualTo(20);
            });
            assertThatThrownBy(() -> s.execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        assertServerStillServes();
    }

    @Test
    void closeEndsAllConnectionThreadsAndSessions() throws Exception {
        Set<Thread> before = tdsThreads();
        ScriptedEngine own = new ScriptedEngine();
        TdsServer local = TdsServer.start(own, TdsServerOptions.defaults());
        List<Connection> open = List.of(connect(local), connect(local), connect(local));
        for (Connection c : open) {
            assertThat(c.isValid(2)).isTrue(); // answered through the reader thread, so it runs
        }
        // Counted as threads that were not there before: earlier tests' threads may still be ending meanwhile.
        Set<Thread> started = tdsThreads();
        started.removeAll(before);
        assertThat(started).hasSizeGreaterThanOrEqualTo(7); // accept + 3 × (conn + reader)
        local.close();
        for (Connection c : open) {
            assertThatThrownBy(() -> c.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            c.close();
        }
        // Generous for a loaded 2-core machine; the loop ends as soon as the threads are gone.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!before.containsAll(tdsThreads()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(before).containsAll(tdsThreads());
        assertThat(own.closedSessions.get()).isEqualTo(3);
        assertThat(local.openConnections()).isZero();
    }

    @Test
    void closeDuringASlowStatementCancelsItAndReturnsPromptly() throws Exception {
        TdsServer local = TdsServer.start(new ScriptedEngine(), TdsServerOptions.defaults());
        try (Connection c = connect(local)) {
            java.util.concurrent.CompletableFuture<Boolean> slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (Statement s = c.createStatement()) {
                    return s.execute("WAITFOR DELAY '00:00:30'");
                } catch (SQLException e) {
                    return false;
                }
            });
            Thread.sleep(300);
            long start = System.nanoTime();
            local.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
            assertThat(slow.get(5, TimeUnit.SECONDS)).isFalse();
            assertThat(local.openConnections()).isZero();
        }
    }

    private static Set<Thread> tdsThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("tds-")) {
                threads.add(t);
            }
        }
        return threads;
    }
}
