package io.milink.bench;

import io.milink.core.spec.Encryption;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.SqlServerConnector;
import io.milink.preflight.Preflight;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.inventory.InventoryBatch;
import io.milink.preflight.inventory.SqlServerInventory;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.TextRenderer;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.engine.FaultPlan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A timed harness (not a test): milink's inventory, one batch in one round trip, against the same statements sent
 * one by one, on a SQL Server twin that delays every reply to a request by a network-like latency. Two
 * measurements, in one run:
 *
 * <ul>
 *   <li>the whole preflight as a user runs it: connect (TDS 8.0, TLS, login), inventory, every check, the text
 *       report; against the same with the statements sent one by one;</li>
 *   <li>the inventory alone on an open connection, both ways.</li>
 * </ul>
 *
 * <p>The twin counts the requests of each connection ({@link SqlServerTwin#requestsByConnection()}), and the
 * harness prints them: the round trips are counted by the server, not assumed.
 *
 * <p>Usage: {@code bench/run.sh InventoryRoundTripBench [latencyMs=50] [iterations=15]}.
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
            SqlServerConnector connector = new SqlServerConnector(target, Map.of("PW", login.password()), 30);
            int statements = InventoryBatch.statements(DATABASES).size();
            try {
                System.out.printf("SQL Server twin (ready-2022) with %d ms reply latency, %d iterations, %d databases,"
                        + " %d statements%n", latencyMs, iterations, DATABASES.size(), statements);

                // Whole preflight: connect + inventory + checks + text report, a new connection each time.
                for (int i = 0; i < 3; i++) {
                    wholePreflight(connector, true);
                    wholePreflight(connector, false);
                }
                int before = twin.requestsByConnection().size();
                List<Double> batch = new ArrayList<>();
                List<Double> separate = new ArrayList<>();
                for (int i = 0; i < iterations; i++) {
                    batch.add(time(() -> wholePreflight(connector, true)));
                    separate.add(time(() -> wholePreflight(connector, false)));
                }
                List<Integer> counts = new ArrayList<>(twin.requestsByConnection().values());
                List<Integer> measured = counts.subList(before, counts.size());
                System.out.println("Whole preflight (connect, inventory, checks, text report):");
                report("one batch", batch, requestsOf(measured, 0));
                report("one by one", separate, requestsOf(measured, 1));

                // Inventory alone, on one open connection.
                try (Connection connection = connector.connect()) {
                    for (int i = 0; i < 3; i++) {
                        SqlServerInventory.collect(connection, "bench", DATABASES, Instant.now());
                        SqlServerInventory.collectStatementByStatement(connection, "bench", DATABASES, Instant.now());
                    }
                    List<Double> batchOnly = new ArrayList<>();
                    List<Double> separateOnly = new ArrayList<>();
                    for (int i = 0; i < iterations; i++) {
                        batchOnly.add(time(() -> SqlServerInventory.collect(connection, "bench", DATABASES,
                                Instant.now())));
                        separateOnly.add(time(() -> SqlServerInventory.collectStatementByStatement(connection,
                                "bench", DATABASES, Instant.now())));
                    }
                    System.out.println("Inventory alone (connection already open):");
                    report("one batch", batchOnly, "1 request each");
                    report("one by one", separateOnly, statements + " requests each");
                }
            } finally {
                Files.deleteIfExists(pem);
            }
        }
    }

    /** Requests per connection of one path (even or odd positions, as the timed loop alternates them). */
    private static String requestsOf(List<Integer> counts, int parity) {
        List<Integer> mine = new ArrayList<>();
        for (int i = parity; i < counts.size(); i += 2) {
            mine.add(counts.get(i));
        }
        int min = Collections.min(mine);
        int max = Collections.max(mine);
        return (min == max ? Integer.toString(min) : min + "-" + max) + " request(s) per connection, counted by the twin";
    }

    private static void wholePreflight(SqlServerConnector connector, boolean oneBatch) throws Exception {
        Facts facts;
        try (Connection connection = connector.connect()) {
            facts = oneBatch ? SqlServerInventory.collect(connection, "bench", DATABASES, Instant.now())
                    : SqlServerInventory.collectStatementByStatement(connection, "bench", DATABASES, Instant.now());
        }
        Report report = Preflight.standard().evaluate(facts);
        if (new TextRenderer(false).render(report).isEmpty() || !report.ready()) {
            throw new IllegalStateException("ready-2022 should be ready: " + report.findings());
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

    private static void report(String label, List<Double> millis, String requests) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("  %-11s median %8.1f ms   min %8.1f ms   max %8.1f ms   (%s)%n", label,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), requests);
    }
}
