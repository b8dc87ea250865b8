package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.milink.simulator.engine.Parameter;
import io.milink.simulator.engine.SqlTypeKind;

/** PreparedStatement paths (sp_executesql, sp_prepexec, sp_execute, sp_unprepare) and every parameter setter. */
class TdsRpcJdbcTest {
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

    private static Connection connect(String extra) throws SQLException {
        return DriverManager.getConnection(TdsServerJdbcTest.url(server) + extra, ScriptedEngine.USER,
                ScriptedEngine.PASSWORD);
    }

    private static List<Parameter> echoed(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
        }
        return List.copyOf(engine.lastParameters);
    }

    @Test
    void preparedStatementUsesExecuteSqlThenPrepexecThenExecute() throws Exception {
        try (Connection c = connect(""); PreparedStatement ps = c.prepareStatement("SELECT ? AS p0, ? AS p1")) {
            for (int run = 1; run <= 3; run++) {
                ps.setString(1, "héllo ✓ #" + run);
                ps.setInt(2, run * 10);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("héllo ✓ #" + run);
                    assertThat(rs.getInt(2)).isEqualTo(run * 10);
                }
            }
        }
        assertThat(engine.calls).containsExactly("executeSql", "prepare 1", "execute 1", "execute 1");
    }

    @Test
    void numericSettersArriveWithTheirTypes() throws Exception {
        try (Connection c = connect("");
             PreparedStatement ps = c.prepareStatement("SELECT ?, ?, ?, ?, ?, ?, ?")) {
            ps.setInt(1, -7);
            ps.setLong(2, 1L << 50);
            ps.setShort(3, (short) -1234);
            ps.setByte(4, (byte) 200);
            ps.setBoolean(5, true);
            ps.setBigDecimal(6, new BigDecimal("-12345.678"));
            ps.setDouble(7, 2.5e-3);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(-7);
                assertThat(rs.getLong(2)).isEqualTo(1L << 50);
                assertThat(rs.getShort(3)).isEqualTo((short) -1234);
                assertThat(rs.getInt(4)).isEqualTo(200);
                assertThat(rs.getBoolean(5)).isTrue();
                assertThat(rs.getBigDecimal(6)).isEqualByComparingTo("-12345.678");
                assertThat(rs.getDouble(7)).isEqualTo(2.5e-3);
            }
            assertThat(engine.lastParameters).extracting(p -> p.type().kind()).containsExactly(
                    SqlTypeKind.INT, SqlTypeKind.BIGINT, SqlTypeKind.SMALLINT, SqlTypeKind.TINYINT, SqlTypeKind.BIT,
                    SqlTypeKind.DECIMAL, SqlTypeKind.FLOAT);
            assertThat(engine.lastParameters.get(5).value()).isEqualTo(new BigDecimal("-12345.678"));
        }
    }

    @Test
    void temporalAndGuidSettersArriveWithTheirTypes() throws Exception {
        UUID uuid = UUID.randomUUID();
        LocalDateTime ts = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_700);
        try (Connection c = connect(""); PreparedStatement ps = c.prepareStatement("SELECT ?, ?, ?")) {
            ps.setTimestamp(1, Timestamp.valueOf(ts));
            ps.setDate(2, Date.valueOf(LocalDate.of(2020, 5, 17)));
            ps.setObject(3, uuid, microsoft.sql.Types.GUID);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getTimestamp(1).toLocalDateTime()).isEqualTo(ts);
                assertThat(rs.getDate(2).toLocalDate()).isEqualTo(LocalDate.of(2020, 5, 17));
                assertThat(rs.getString(3)).isEqualToIgnoringCase(uuid.toString());
            }
            assertThat(engine.lastParameters).extracting(p -> p.type().kind()).containsExactly(
                    SqlTypeKind.DATETIME2, SqlTypeKind.DATE, SqlTypeKind.UNIQUEIDENTIFIER);
            assertThat(engine.lastParameters.get(0).value()).isEqualTo(ts);
            assertThat(engine.lastParameters.get(2).value()).isEqualTo(uuid);
        }
    }

    @Test
    void setObjectWithUuidRoundTripsItsText() throws Exception {
        UUID uuid = UUID.randomUUID();
        try (Connection c = connect(""); PreparedStatement ps = c.prepareStatement("SELECT ?")) {
            ps.setObject(1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualToIgnoringCase(uuid.toString());
            }
        }
    }

    @Test
    void longStringsAndLargeBinariesTravelAsPlp() throws Exception {
        String text = "ü".repeat(10_000);
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        try (Connection c = connect(""); PreparedStatement ps = c.prepareStatement("SELECT ?, ?, ?")) {
            ps.setString(1, text);
            ps.setBytes(2, bytes);
            ps.setBytes(3, new byte[] {1, 2, 3});
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(text);
                assertThat(rs.getBytes(2)).isEqualTo(bytes);
                assertThat(rs.getBytes(3)).containsExactly(1, 2, 3);
            }
            assertThat(engine.lastParameters.get(0).type().isMax()).isTrue();
            assertThat(engine.lastParameters.get(1).type().isMax()).isTrue();
            assertThat(engine.lastParameters.get(2).type().kind()).isEqualTo(SqlTypeKind.VARBINARY);
            assertThat(engine.lastParameters.get(2).type().isMax()).isFalse();
        }
    }

    @Test
    void setNullOfEveryTypeArrivesAsNull() throws Exception {
        int[] types = {Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT, Types.BIT, Types.DECIMAL,
                Types.DOUBLE, Types.VARCHAR, Types.NVARCHAR, Types.VARBINARY, Types.DATE, Types.TIMESTAMP};
        try (Connection c = connect("");
             PreparedStatement ps = c.prepareStatement("SELECT " + "?, ".repeat(types.length - 1) + "?")) {
            for (int i = 0; i < types.length; i++) {
                ps.setNull(i + 1, types[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                for (int i = 1; i <= types.length; i++) {
                    assertThat(rs.getObject(i)).as("parameter %d", i).isNull();
                }
            }
            assertThat(engine.lastParameters).hasSize(types.length).allMatch(p -> p.value() == null);
        }
    }

    @Test
    void nonUnicodeStringParametersArriveAsVarchar() throws Exception {
        try (Connection c = connect(";sendStringParametersAsUnicode=false");
             PreparedStatement ps = c.prepareStatement("SELECT ?")) {
            ps.setString(1, "café");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("café");
            }
            assertThat(engine.lastParameters.get(0).type().kind()).isEqualTo(SqlTypeKind.VARCHAR);
        }
    }

    @Test
    void executeBatchReturnsEachRowCount() throws Exception {
        try (Connection c = connect(""); PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
            for (int i = 0; i < 4; i++) {
                ps.setInt(1, i);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1);
            ps.setInt(1, 99);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        // Measured with 13.6.2: row 1 by sp_executesql, row 2 by sp_prepexec, rows 3-4 by sp_execute (the rows
        // after the first travel as several calls of one RPC message, separated by 0xFF), then the executeUpdate.
        assertThat(engine.calls).containsExactly("executeSql", "prepare 1", "execute 1", "execute 1", "execute 1",
                "execute 1");
    }

    @Test
    void closingPreparedStatementUnpreparesTheHandle() throws Exception {
        try (Connection c = connect(";serverPreparedStatementDiscardThreshold=1")) {
            for (int i = 0; i < 2; i++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT ? AS p0")) {
                    ps.setInt(1, 1);
                    echoed(ps);
                    ps.setInt(1, 2);
                    echoed(ps);
                }
            }
            assertThat(c.isValid(2)).isTrue();
        }
        assertThat(engine.calls).contains("prepare 1", "unprepare 1");
    }

    @Test
    void errorInsidePreparedStatementSurfacesAsSqlException() throws Exception {
        try (Connection c = connect(""); PreparedStatement ps = c.prepareStatement("RAISERROR(15578,16,1)")) {
            assertThatThrownBy(ps::execute).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(15578);
                assertThat(e.getSQLState()).isEqualTo("S0001");
            });
        }
    }

    @Test
    void prepareMethodPrepareUsesSpPrepareThenSpExecute() throws Exception {
        try (Connection c = connect(";prepareMethod=prepare"); PreparedStatement ps = c.prepareStatement("SELECT ? AS p0")) {
            for (int run = 1; run <= 3; run++) {
                ps.setInt(1, run);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(run);
                }
            }
        }
        assertThat(engine.calls).contains("prepare 1").endsWith("execute 1", "execute 1");
    }

    @Test
    void longNonUnicodeStringParameterArrivesAsVarcharMax() throws Exception {
        String text = "é".repeat(9_000);
        try (Connection c = connect(";sendStringParametersAsUnicode=false");
             PreparedStatement ps = c.prepareStatement("SELECT ?")) {
            ps.setString(1, text);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(text);
            }
            assertThat(engine.lastParameters.get(0).type()).isEqualTo(io.milink.simulator.engine.SqlType.varcharMax());
        }
    }
}
