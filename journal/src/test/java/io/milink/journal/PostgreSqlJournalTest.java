package io.milink.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.core.spec.SecretSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on a PostgreSQL server as an operator sets it up (docs/operations.md, "Running several replicas"): a
 * role of its own that logs in with a password read from where the configuration says, and holds only the grants
 * documented there.
 */
class PostgreSqlJournalTest {

    private static final AtomicInteger ROLES = new AtomicInteger();
    private static final String PASSWORD = "s3cret-Journal-pw";

    @TempDir
    Path dir;

    /** The grants of docs/operations.md, word for word: connect to the database, own a schema. Nothing else. */
    private static String minimalGrants(String database, String role) {
        return "CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "';\n"
                + "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC;\n"
                + "GRANT CONNECT ON DATABASE " + database + " TO " + role + ";\n"
                + "REVOKE CREATE ON SCHEMA public FROM PUBLIC;\n"
                + "CREATE SCHEMA milink AUTHORIZATION " + role + ";\n"
                + "ALTER ROLE " + role + " IN DATABASE " + database + " SET search_path = milink;\n";
    }

    private String roleWithMinimalGrants(String database) throws Exception {
        String role = "milink_app_" + ROLES.incrementAndGet();
        try (Connection c = EmbeddedPostgres.superuserConnection(database); Statement s = c.createStatement()) {
            s.execute(minimalGrants(database, role));
        }
        EmbeddedPostgres.requirePassword(role);
        return role;
    }

    private Path passwordFile(String password) throws Exception {
        Path file = dir.resolve("journal-password");
        Files.writeString(file, password + "\n");
        return file;
    }

    @Test
    void aRoleWithOnlyConnectAndItsOwnSchemaMigratesAndKeepsTheJournal() throws Exception {
        String database = EmbeddedPostgres.freshEmptyDatabase();
        String role = roleWithMinimalGrants(database);
        JournalLocation.PostgreSql location = new JournalLocation.PostgreSql(EmbeddedPostgres.url(database), role,
                new SecretSource.File(passwordFile(PASSWORD)), Map.of());

        try (Journal journal = Journal.open(location)) {
            OperationJournal operations = new OperationJournal(journal);
            Operation op = operations.create("preflight", "token:1", "{}");
            assertThat(operations.start(op.id())).isTrue();
            assertThat(operations.succeed(op.id(), "READY", "succeeded")).isTrue();
            try (LinkRun run = new JournalLinkRuns(journal).begin("sql01 -> mi01", "create", List.of())) {
                run.stepStarted("sql.certificate", "CREATE", "CREATE CERTIFICATE [c]");
                run.stepFinished("sql.certificate");
                run.succeeded();
            }
            assertThat(journal.isHealthy()).isTrue();
            try (Connection c = journal.connection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT current_user, rolsuper, rolcreatedb, rolcreaterole "
                        + "FROM pg_roles WHERE rolname = current_user")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(role);
                    assertThat(rs.getBoolean(2) || rs.getBoolean(3) || rs.getBoolean(4)).as("no privileged role")
                            .isFalse();
                }
                try (ResultSet rs = s.executeQuery("SELECT DISTINCT table_schema FROM information_schema.tables "
                        + "WHERE table_name IN ('operations', 'link_runs', 'flyway_schema_history')")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("the journal's tables are in its own schema").isEqualTo("milink");
                    assertThat(rs.next()).isFalse();
                }
            }
        }
        // A second replica (or a restart) opens the migrated journal as it is.
        try (Journal again = Journal.open(location)) {
            assertThat(new OperationJournal(again).countByState().get(OperationState.Succeeded)).isEqualTo(1L);
        }
    }

    @Test
    void aWrongPasswordFailsTheOpenSayingWhereThePasswordIsButNeverThePassword() throws Exception {
        String database = EmbeddedPostgres.freshEmptyDatabase();
        String role = roleWithMinimalGrants(database);
        Path file = passwordFile("not-" + PASSWORD);
        JournalLocation.PostgreSql location = new JournalLocation.PostgreSql(EmbeddedPostgres.url(database), role,
                new SecretSource.File(file), Map.of());

        assertThatThrownBy(() -> Journal.open(location)).isInstanceOf(JournalUnavailableException.class)
                .hasMessageContaining("cannot reach the journal database " + EmbeddedPostgres.url(database))
                .hasMessageContaining("password authentication failed")
                .hasMessageContaining("file " + file)
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aMissingPasswordVariableFailsTheOpenNamingTheVariable() {
        JournalLocation.PostgreSql location = new JournalLocation.PostgreSql(
                EmbeddedPostgres.url(EmbeddedPostgres.freshEmptyDatabase()), "milink",
                new SecretSource.EnvironmentVariable("MILINK_JOURNAL_PASSWORD"), Map.of());

        assertThatThrownBy(() -> Journal.open(location)).isInstanceOf(JournalUnavailableException.class)
                .hasMessageContaining("MILINK_JOURNAL_PASSWORD").hasMessageContaining("is not set");
    }

    @Test
    void aServerThatDoesNotAnswerFailsTheOpenWithinSeconds() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JournalLocation.PostgreSql location = new JournalLocation.PostgreSql("jdbc:postgresql://127.0.0.1:"
                + closedPort + "/milink", "milink", new SecretSource.EnvironmentVariable("PW"), Map.of("PW", "x"));
        long started = System.nanoTime();

        assertThatThrownBy(() -> Journal.open(location)).isInstanceOf(JournalUnavailableException.class)
                .hasMessageContaining("cannot reach the journal database jdbc:postgresql://127.0.0.1:" + closedPort)
                .hasMessageContaining("Check that the server is up");
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds").isLessThan(15_000);
    }

    @Test
    void twoReplicasOpenTheSameDatabaseAndEachSeesTheOthersSessionsByNameUntilItCloses() throws Exception {
        JournalLocation.PostgreSql location = EmbeddedPostgres.freshJournal();
        Journal first = Journal.open(location, "milink replica-a/1/abc");
        try (Journal second = Journal.open(location, "milink replica-b/2/def")) {
            assertThat(second.connectedSessionNames()).hasValueSatisfying(names -> assertThat(names)
                    .contains("milink replica-a/1/abc", "milink replica-b/2/def"));

            first.close();
            // A PostgreSQL backend leaves pg_stat_activity a moment after its client has closed the socket (the
            // backend's exit is asynchronous), so the other replica sees the name go within a short wait, not at once.
            java.util.Set<String> names = second.connectedSessionNames().orElseThrow();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (names.contains("milink replica-a/1/abc") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                names = second.connectedSessionNames().orElseThrow();
            }
            assertThat(names).doesNotContain("milink replica-a/1/abc").contains("milink replica-b/2/def");
        } finally {
            first.close();
        }
    }

    @Test
    void twoReplicasRacingToStartAnOperationOnOneLinkGetExactlyOneAndTheOtherIsToldTheLinkIsBusy()
            throws Exception {
        JournalLocation.PostgreSql location = EmbeddedPostgres.freshJournal();
        try (Journal a = Journal.open(location, "milink a/1/1"); Journal b = Journal.open(location, "milink b/2/2")) {
            OperationJournal onA = new OperationJournal(a, "milink a/1/1");
            OperationJournal onB = new OperationJournal(b, "milink b/2/2");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<String>> tries = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    OperationJournal via = i % 2 == 0 ? onA : onB;
                    tries.add(pool.submit(() -> {
                        try {
                            return via.create("link-failover", "token:1", "{}", null, "DAG_Sales", (c, id) -> { })
                                    .id();
                        } catch (OperationJournal.LinkBusyException busy) {
                            return "busy";
                        }
                    }));
                }
                List<String> outcomes = new java.util.ArrayList<>();
                for (var attempt : tries) {
                    outcomes.add(attempt.get());
                }
                assertThat(outcomes).filteredOn(o -> !o.equals("busy")).hasSize(1);
                String winner = outcomes.stream().filter(o -> !o.equals("busy")).findFirst().orElseThrow();

                // Once it ends, the link takes the next one.
                assertThat(onB.fail(winner, "done")).isTrue();
                assertThat(onA.create("link-delete", "token:1", "{}", null, "DAG_Sales", (c, id) -> { }).state())
                        .isEqualTo(OperationState.Queued);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anAddressThatHoldsAPasswordIsRefusedWithoutRepeatingIt() {
        for (String url : List.of("jdbc:postgresql://db.example.com/milink?user=milink&password=hunter2",
                "jdbc:postgresql://db.example.com/milink?ssl=true&PASSWORD=hunter2",
                "jdbc:postgresql://milink:hunter2@db.example.com/milink")) {
            assertThatThrownBy(() -> new JournalLocation.PostgreSql(url, "milink",
                    new SecretSource.EnvironmentVariable("PW"), Map.of()))
                    .as(url).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must not hold a password").hasMessageNotContaining("hunter2");
        }
        assertThat(new JournalLocation.PostgreSql("jdbc:postgresql://db.example.com:5432/milink?sslmode=verify-full",
                "milink", new SecretSource.File(Path.of("/run/secrets/journal")), Map.of()).toString())
                .isEqualTo("PostgreSql[jdbc:postgresql://db.example.com:5432/milink as milink, password from file "
                        + "/run/secrets/journal]");
    }
}
