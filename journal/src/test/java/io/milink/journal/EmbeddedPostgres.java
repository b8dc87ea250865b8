package io.milink.journal;

import io.milink.core.spec.SecretSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.opentest4j.TestAbortedException;

/**
 * A real PostgreSQL for tests, from the binaries zonky ships as a Maven artifact (nothing installed by hand, no
 * service in CI): one server per test JVM, started on first use and stopped when the JVM exits, and a fresh database
 * for each journal a test opens, copied from a template that is migrated once (a copy takes milliseconds, a migration
 * a second).
 *
 * <p>PostgreSQL refuses to run as root, and CI and this project's machines run as root: zonky then starts initdb and
 * postgres inside a user namespace ({@code unshare -U}), as an unprivileged user. Where that is impossible (root
 * without user namespaces), the PostgreSQL half of the tests is skipped with a message that says why, except under
 * CI ({@code CI=true}), where it fails: a CI that silently skipped it would prove nothing about PostgreSQL.
 */
public final class EmbeddedPostgres {

    /** The superuser initdb creates; the server trusts local connections, so its password is never checked. */
    public static final String SUPERUSER = "postgres";
    private static final String TEMPLATE = "milink_journal_template";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private static RuntimeException unavailable;

    private EmbeddedPostgres() {
    }

    /** The running server, started on first use. */
    public static synchronized io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
        if (server == null && unavailable == null) {
            try {
                server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        // zonky gives up after 10 s by default: too close on a loaded two-core machine.
                        .setPGStartupWait(java.time.Duration.ofSeconds(60))
                        // Tests' journals are thrown away: durability would only cost time.
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "200")
                        .start();
                try (Connection c = superuserConnection("postgres"); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + TEMPLATE);
                }
                // The template holds the migrated schema: every fresh journal is a copy of it.
                Journal.open(location(TEMPLATE)).close();
            } catch (IOException | SQLException | RuntimeException e) {
                unavailable = new IllegalStateException("cannot start the embedded PostgreSQL: " + e.getMessage()
                        + (isRoot() ? " (this runs as root: PostgreSQL refuses that, and starting it as an "
                        + "unprivileged user needs user namespaces, 'unshare -U id' must work)" : ""), e);
            }
        }
        if (unavailable != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw unavailable;
            }
            throw new TestAbortedException("PostgreSQL tests skipped: " + unavailable.getMessage(), unavailable);
        }
        return server;
    }

    /** A new, migrated, empty journal database; the superuser logs in, its password by reference. */
    public static JournalLocation.PostgreSql freshJournal() {
        String name = "milink_journal_" + DATABASES.incrementAndGet();
        createDatabase(name, TEMPLATE);
        return location(name);
    }

    /** A new empty database (no schema), for a test that migrates it itself. */
    public static String freshEmptyDatabase() {
        String name = "milink_empty_" + DATABASES.incrementAndGet();
        createDatabase(name, "template1");
        return name;
    }

    /** The JDBC address of {@code database} on the server, without user or password. */
    public static String url(String database) {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + database;
    }

    /** A superuser connection to {@code database}, for a test's own setup. */
    public static Connection superuserConnection(String database) throws SQLException {
        DataSource source = server().getDatabase(SUPERUSER, database);
        return source.getConnection();
    }

    /**
     * From now on {@code role} must give its password (SCRAM), as on a production server: the server otherwise trusts
     * every local connection, which would let a test pass with a password that never arrived.
     */
    public static void requirePassword(String role) throws SQLException, IOException {
        try (Connection c = superuserConnection("postgres"); Statement s = c.createStatement()) {
            java.nio.file.Path hba;
            try (java.sql.ResultSet rs = s.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = java.nio.file.Path.of(rs.getString(1));
            }
            String rules = "host all " + role + " 127.0.0.1/32 scram-sha-256\n"
                    + "host all " + role + " ::1/128 scram-sha-256\n";
            // The first matching line wins: these go before initdb's "trust" lines.
            java.nio.file.Files.writeString(hba, rules + java.nio.file.Files.readString(hba));
            s.execute("SELECT pg_reload_conf()");
        }
    }

    private static JournalLocation.PostgreSql location(String database) {
        return new JournalLocation.PostgreSql(url(database), SUPERUSER,
                new SecretSource.EnvironmentVariable("MILINK_TEST_JOURNAL_PASSWORD"),
                Map.of("MILINK_TEST_JOURNAL_PASSWORD", "unchecked-by-a-trusting-server"));
    }

    private static void createDatabase(String name, String template) {
        try (Connection c = superuserConnection("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
