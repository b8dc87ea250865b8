package io.milink.bench;

import io.milink.core.spec.Encryption;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.SqlServerConnector;
import io.milink.preflight.inventory.InventoryBatch;
import io.milink.preflight.inventory.SqlServerInventory;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.engine.FaultPlan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A timed harness (not a test): the wall time of milink's inventory, one batch in one round trip, against the same
 * statements sent one by one, on a SQL Server twin that delays every reply by a network-like latency.
 *
 * <p>Usage: {@code bench/run.sh InventoryRoundTripBench [latencyMs=50] [iterations=15]}. The connection is opened
 * once, outside the timing, so the numbers are the queries alone.
 */
public final class InventoryRoundTripBench {

    private static final List<String> DATABASES = List.of("Sales", "Inventory");

    public static void main(String[] args) throws Exception {
        int latencyMs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        FaultPlan latency = new FaultPlan(0, Duration.ofMillis(latencyMs), List.of());
        try (SqlServerTwin twin = SqlServerTwin.builder().builtInScenario("ready-2022").faults(latency).start()) {
            Path pem = Files.createTempFile("bench-", ".pem");
            Files.writeString(pem, twin.certificatePem());
            SqlServerTwin.Credentials login = twin.sysadminCredentials();
            SqlServerTarget target = new SqlServerTarget(twin.host(), twin.port(), null,
                    new SqlAuthentication.SqlLogin(login.userName(), new SecretSource.EnvironmentVariable("PW")),
                    Encryption.STRICT, false, null, pem);
            try (Connection connection = new SqlServerConnector(target, Map.of("PW", login.password()), 30)
                    .connect()) {
                List<String> statements = InventoryBatch.statements(DATABASES);
                // Warm both paths up (JIT, the twin's H2 plans) before measuring.
                for (int i = 0; i < 3; i++) {
                    oneBatch(connection);
                    oneByOne(connection, statements);
                }
                List<Double> batch = new ArrayList<>();
                List<Double> separate = new ArrayList<>();
                for (int i = 0; i < iterations; i++) {
                    batch.add(time(() -> oneBatch(connection)));
                    separate.add(time(() -> oneByOne(connection, statements)));
                }
                System.out.printf("SQL Server twin with %d ms reply latency, %d iterations, %d statements%n",
                        latencyMs, iterations, statements.size());
                report("one batch, 1 round trip", batch);
                report("one by one, " + statements.size() + " round trips", separate);
            } finally {
                Files.deleteIfExists(pem);
            }
        }
    }

    private static void oneBatch(Connection connection) throws Exception {
        SqlServerInventory.collect(connection, "bench", DATABASES, Instant.now());
    }

    private static void oneByOne(Connection connection, List<String> statements) throws Exception {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                boolean isResultSet = statement.execute(sql);
                while (isResultSet || statement.getUpdateCount() != -1) {
                    if (isResultSet) {
                        try (ResultSet rs = statement.getResultSet()) {
                            while (rs.next()) {
                                rs.getObject(1);
                            }
                        }
                    }
                    isResultSet = statement.getMoreResults();
                }
            }
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static void report(String label, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("  %-32s median %8.1f ms   min %8.1f ms   max %8.1f ms%n", label,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
