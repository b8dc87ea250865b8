package io.milink.preflight.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.preflight.TwinConnectors;
import io.milink.simulator.SqlServerTwin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory is one round trip: the twin sees exactly one request, however many databases are checked. */
class InventoryRoundTripTest {

    @Test
    void theWholeInventoryIsExactlyOneBatch(@TempDir Path dir) throws Exception {
        try (SqlServerTwin twin = TwinConnectors.twin().builtInScenario("ready-2022").start()) {
            Path pem = Files.writeString(dir.resolve("twin.pem"), twin.certificatePem());
            SqlServerTwin.Credentials login = twin.sysadminCredentials();
            try (Connection c = DriverManager.getConnection(twin.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem),
                    login.userName(), login.password())) {
                Map<Integer, Integer> before = twin.requestsByConnection();
                var facts = SqlServerInventory.collect(c, "SQL22", List.of("Sales", "Inventory", "Nope"),
                        Instant.now());
                assertThat(facts.sqlServer().databases()).extracting(d -> d.name()).contains("Sales", "Inventory");
                int sent = twin.requestsByConnection().values().stream().mapToInt(Integer::intValue).sum()
                        - before.values().stream().mapToInt(Integer::intValue).sum();
                assertThat(sent).isEqualTo(1);
                assertThat(InventoryBatch.statements(List.of("Sales", "Inventory", "Nope"))).hasSize(16);
            }
        }
    }
}
