package io.milink.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The twin counts each connection's requests (SQL batches, RPCs): the round trips a client made. */
class TwinRequestCountTest {

    @Test
    void eachBatchAndEachRpcIsOneRequestOfItsConnection(@TempDir Path dir) throws Exception {
        try (SqlServerTwin twin = SqlServerTwin.builder().builtInScenario("ready-2022").start()) {
            Path pem = Files.writeString(dir.resolve("twin.pem"), twin.certificatePem());
            SqlServerTwin.Credentials login = twin.sysadminCredentials();
            try (Connection c = DriverManager.getConnection(twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem),
                    login.userName(), login.password())) {
                assertThat(twin.requestsByConnection()).isEmpty();
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1; SELECT 2; SELECT 3;");
                }
                assertThat(twin.requestsByConnection()).containsExactly(java.util.Map.entry(1, 1));
                try (PreparedStatement ps = c.prepareStatement("SELECT name FROM sys.databases WHERE name = ?")) {
                    ps.setString(1, "Sales");
                    ps.executeQuery().close();
                }
                assertThat(twin.requestsByConnection()).containsExactly(java.util.Map.entry(1, 2));
            }
        }
    }
}
