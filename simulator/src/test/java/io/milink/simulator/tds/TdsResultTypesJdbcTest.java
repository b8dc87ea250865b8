package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every SqlTypeKind as a result column, read back by mssql-jdbc: values, NULLs, metadata, sql_variant, PLP. */
class TdsResultTypesJdbcTest {
    private static TdsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TdsServer.start(new ScriptedEngine(), TdsServerOptions.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(TdsServerJdbcTest.url(server), ScriptedEngine.USER, ScriptedEngine.PASSWORD);
    }

    @Test
    void everyTypeRoundTripsItsValue() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT all_types")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getShort("ti")).isEqualTo((short) 255);
            assertThat(rs.getShort("si")).isEqualTo((short) -12345);
            assertThat(rs.getInt("i")).isEqualTo(-2_000_000_000);
            assertThat(rs.getLong("bi")).isEqualTo(9_000_000_000_000_000_000L);
            assertThat(rs.getBoolean("b")).isTrue();
            assertThat(rs.getBigDecimal("d")).isEqualTo(new BigDecimal("12345.6789"));
            assertThat(rs.getBigDecimal("dbig")).isEqualTo(new BigDecimal("-1234567890123456789012345678.0123456789"));
            assertThat(rs.getBigDecimal("dsmall")).isEqualTo(new BigDecimal("-999.99"));
            assertThat(rs.getDouble("f")).isEqualTo(3.14159);
            assertThat(rs.getString("nv")).isEqualTo("héllo ✓");
            assertThat(rs.getString("nvmax")).isEqualTo("max text ✓");
            assertThat(rs.getString("v")).isEqualTo("café");
            assertThat(rs.getString("vmax")).isEqualTo("varchar max");
            assertThat(rs.getBytes("vb")).containsExactly(1, 2, 3);
            assertThat(rs.getBytes("vbmax")).containsExactly(9, 8, 7, 6);
            assertThat(rs.getDate("dt").toLocalDate()).isEqualTo(ScriptedEngine.DATE);
            assertThat(rs.getTimestamp("dtm").toLocalDateTime()).isEqualTo(ScriptedEngine.DATETIME);
            assertThat(rs.getTimestamp("dt2").toLocalDateTime()).isEqualTo(ScriptedEngine.DATETIME2);
            assertThat(rs.getObject("dt2s0", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2001, 1, 2, 3, 4, 5));
            assertThat(rs.getString("g")).isEqualToIgnoringCase(ScriptedEngine.GUID.toString());
            assertThat(rs.getObject("sv")).isEqualTo("16.0.4135.4");
        }
    }

    @Test
    void columnMetadataNamesSqlServerTypes() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT all_types")) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder names = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.append(md.getColumnTypeName(i)).append(' ');
            }
            assertThat(names.toString().trim()).isEqualTo("tinyint smallint int bigint bit decimal decimal decimal float "
                    + "nvarchar nvarchar varchar varchar varbinary varbinary date datetime datetime2 datetime2 "
                    + "uniqueidentifier sql_variant");
            assertThat(md.getPrecision(6)).isEqualTo(18);
            assertThat(md.getScale(6)).isEqualTo(4);
            assertThat(md.getColumnDisplaySize(10)).isEqualTo(20);
            assertThat(md.isNullable(1)).isEqualTo(ResultSetMetaData.columnNullable);
        }
    }

    @Test
    void nullsOfEveryTypeArriveAsNull() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT all_nulls")) {
            assertThat(rs.next()).isTrue();
            int n = rs.getMetaData().getColumnCount();
            for (int i = 1; i <= n; i++) {
                assertThat(rs.getObject(i)).as("column %d", i).isNull();
                assertThat(rs.wasNull()).isTrue();
            }
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void sqlVariantCarriesEachBaseType() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT variants")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("nv")).isEqualTo("Enterprise Edition");
            assertThat(rs.getInt("i")).isEqualTo(42);
            assertThat(rs.getLong("bi")).isEqualTo(1L << 40);
            assertThat(rs.getBoolean("b")).isTrue();
            assertThat(rs.getInt("ti")).isEqualTo(200);
            assertThat(rs.getInt("si")).isEqualTo(-300);
            assertThat(rs.getBigDecimal("d")).isEqualTo(new BigDecimal("-1234.567"));
            assertThat(((Timestamp) rs.getObject("dtm")).toLocalDateTime()).isEqualTo(ScriptedEngine.DATETIME);
            assertThat(rs.getString("g")).isEqualToIgnoringCase(ScriptedEngine.GUID.toString());
            assertThat(rs.getBytes("vb")).containsExactly(0xCA, 0xFE);
            assertThat(rs.getObject("nul")).isNull();
            assertThat(rs.getDouble("f")).isEqualTo(2.75);
            assertThat(rs.getDate("dt").toLocalDate()).isEqualTo(ScriptedEngine.DATE);
            assertThat(rs.getTimestamp("dt2").toLocalDateTime()).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_000_000));
            assertThat(rs.getString("v")).isEqualTo("café");
        }
    }

    @Test
    void largeMaxValuesSpanManyPacketsAndPlpChunks() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT big")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("s")).hasSize(50_000).matches("x+");
            assertThat(rs.getBytes("b")).hasSize(200_000);
        }
    }

    @Test
    void smallNegotiatedPacketSizeStillCarriesLargeReplies() throws Exception {
        try (Connection c = DriverManager.getConnection(TdsServerJdbcTest.url(server) + ";packetSize=512",
                ScriptedEngine.USER, ScriptedEngine.PASSWORD);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT big")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("s")).hasSize(50_000);
            assertThat(rs.getBytes("b")).hasSize(200_000);
        }
    }

    @Test
    void windowsCollationServerRoundTripsVarcharAndNvarchar() throws Exception {
        try (TdsServer other = TdsServer.start(new ScriptedEngine("Latin1_General_100_CI_AS_SC"), TdsServerOptions.defaults());
             Connection c = DriverManager.getConnection(TdsServerJdbcTest.url(other) + ";sendStringParametersAsUnicode=false",
                     ScriptedEngine.USER, ScriptedEngine.PASSWORD);
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT ?, ?")) {
            ps.setString(1, "façade");
            ps.setNString(2, "naïve ✓");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("façade");
                assertThat(rs.getString(2)).isEqualTo("naïve ✓");
            }
        }
    }
}
