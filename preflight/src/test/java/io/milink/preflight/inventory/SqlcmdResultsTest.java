package io.milink.preflight.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.preflight.Preflight;
import io.milink.preflight.TwinConnectors;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.report.Report;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.SqlServerTwin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A DBA's sqlcmd run of the printed batch, fed back, gives exactly the facts and the report milink computes when it
 * runs the same batch itself: the twin's real result sets are rendered as sqlcmd documents its output.
 */
class SqlcmdResultsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T04:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(delimiter = ';', value = {
        "ready-2022; Sales,Inventory",
        "sql2016-sp3-no-connect-pack; Legacy",
        "simple-recovery-copy-only; Reporting,Sales",
        "express-edition; Shop,Nope"
    })
    void aSqlcmdRunReadBackGivesTheSameFactsAndReportAsTheLiveInventory(String scenario, String databases)
            throws Exception {
        List<String> dbs = List.of(databases.split(","));
        try (SqlServerTwin twin = TwinConnectors.twin().scenarioYaml(BuiltInScenarios.yaml(scenario), scenario)
                .start()) {
            Path pem = Files.writeString(dir.resolve("twin.pem"), twin.certificatePem());
            SqlServerTwin.Credentials login = twin.sysadminCredentials();
            try (Connection c = DriverManager.getConnection(twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem),
                    login.userName(), login.password())) {
                Facts live = SqlServerInventory.collect(c, twin.serverName(), dbs, NOW);
                Preflight preflight = Preflight.standard();
                Report fromLive = preflight.evaluate(live);
                // -W -s "|" as docs/cli.md says, and without -W (padded columns) with another separator.
                for (boolean trimmed : new boolean[] {true, false}) {
                    String text = SqlcmdRendering.run(c, InventoryBatch.forDatabases(dbs), trimmed ? '|' : '~',
                            trimmed);

                    Facts readBack = SqlServerInventory.fromResults(SqlcmdResults.parse(text), null, dbs, NOW);

                    assertThat(readBack).as("trimmed " + trimmed).isEqualTo(live);
                    assertThat(preflight.evaluate(readBack).findings()).isEqualTo(fromLive.findings());
                }
                assertThat(live.sqlServer().certificates()).allSatisfy(cert -> assertThat(cert.der()).isNotNull());
            }
        }
    }

    @Test
    void aUnicodeOutputFileWithAByteOrderMarkIsDecoded() {
        String text = "section|server_name\n-------|-----------\nserver|SQL22\n";
        byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
        assertThat(SqlcmdResults.decode(utf16)).isEqualTo(text);
        assertThat(SqlcmdResults.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void aBatchForOtherDatabasesIsRefusedRatherThanReadAsNoFilestream() throws Exception {
        try (SqlServerTwin twin = TwinConnectors.twin().builtInScenario("ready-2022").start()) {
            Path pem = Files.writeString(dir.resolve("twin.pem"), twin.certificatePem());
            SqlServerTwin.Credentials login = twin.sysadminCredentials();
            try (Connection c = DriverManager.getConnection(twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem),
                    login.userName(), login.password())) {
                String text = SqlcmdRendering.run(c, InventoryBatch.forDatabases(List.of("Sales")), '|', true);
                assertThatThrownBy(() -> SqlServerInventory.fromResults(SqlcmdResults.parse(text), null,
                        List.of("Inventory"), NOW))
                        .isInstanceOf(InventoryException.class)
                        .hasMessageContaining("no filegroup answer for database 'Inventory'")
                        .hasMessageContaining("--database Inventory");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "no separator; section server_name\\n------- -----------\\nserver  SQL22; separated by spaces",
        "no headings; server|SQL22|16.0; is not the start of the inventory",
        "no dashes; section|server_name\\nserver|SQL22; expected the line of dashes",
        "broken row; section|server_name|version_text\\n-------|-----------|------------\\nserver|SQL22|Microsoft\\n"
                + "  Copyright; a value holds a line break (run sqlcmd with -k1)",
        "error message; Msg 208, Level 16, State 1, Server SQL22, Line 3\\nInvalid object name 'sys.x'.; "
                + "Invalid object name 'sys.x'.",
        "empty file; '' ; no result sets found"
    })
    void aMalformedFileGetsAOneLineErrorThatSaysWhatToDo(String what, String text, String expected) {
        assertThatThrownBy(() -> SqlcmdResults.parse(text.replace("\\n", "\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aValueOfTheWrongTypeNamesItsResultSetAndColumn() {
        String text = "section|server_name|utc_offset_minutes\n-------|-----------|------------------\n"
                + "server|SQL22|sixty\n";
        assertThatThrownBy(() -> SqlServerInventory.fromResults(SqlcmdResults.parse(text), null, List.of(), NOW))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining("utc_offset_minutes").hasMessageContaining("'sixty' is not a number");
    }

    @Test
    void aNullWhereANameIsNeededIsAnInventoryErrorNotACrash() {
        String text = "section|server_name\n-------|-----------\nserver|SQL22\n\n"
                + "section|name|database_id|state_desc\n-------|----|-----------|----------\ndatabase|NULL|5|ONLINE\n";
        assertThatThrownBy(() -> SqlServerInventory.fromResults(SqlcmdResults.parse(text), null, List.of(), NOW))
                .isInstanceOf(InventoryException.class).hasMessageContaining("column name is NULL or missing");
    }

    @Test
    void headingsRepeatedEveryNRowsWithDashHAreSkipped() {
        String text = "section|name|database_id\n-------|----|-----------\ndatabase|Sales|5\n"
                + "section|name|database_id\n-------|----|-----------\ndatabase|Orders|6\n";
        List<InventoryResult> results = SqlcmdResults.parse(text);
        assertThat(results).hasSize(1);
        assertThat(results.get(0).rows()).hasSize(2);
    }
}
