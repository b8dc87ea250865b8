package io.milink.journal;

import io.vertx.core.Context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The journal database: an embedded H2 file in the data directory (the default), or a PostgreSQL database several
 * service replicas share; its schema brought up to date by Flyway on open. Every method here blocks, so none may run
 * on a Vert.x event loop; {@link #connection()} refuses to, which turns a mistake into a failing test instead of a
 * stalled server.
 */
public final class Journal implements AutoCloseable {

    /** The file name H2 writes, without its {@code .mv.db} extension. */
    static final String DATABASE_NAME = "journal";

    /**
     * The migrations both databases run, and each one's own: V1 and V2 were written in H2's SQL before PostgreSQL
     * was a journal, and H2 journals have them applied with their checksums, so they stay as they are (in h2/) and
     * PostgreSQL has its own (in postgresql/). Later migrations are written once, in the SQL both share (common/);
     * a version is never in two of these folders for one database.
     */
    static final String COMMON_MIGRATIONS = "classpath:db/migration/common";
    static final String H2_MIGRATIONS = "classpath:db/migration/h2";
    static final String POSTGRESQL_MIGRATIONS = "classpath:db/migration/postgresql";

    /**
     * Connections to a PostgreSQL journal at once: the service's journal, link and health workers use at most about
     * ten (H2's own pool allows ten as well); every replica takes its own, so the server must allow replicas × this.
     */
    static final int POSTGRESQL_POOL_SIZE = 10;

    private final DataSource pool;
    private final AutoCloseable closePool;
    private final JournalLocation location;

    private Journal(DataSource pool, AutoCloseable closePool, JournalLocation location) {
        this.pool = pool;
        this.closePool = closePool;
        this.location = location;
    }

    /**
     * Opens the journal where {@code location} says and migrates its schema.
     *
     * @throws JournalUnavailableException when it cannot be reached or opened, with what to check next
     */
    public static Journal open(JournalLocation location) {
        return open(location, PostgreSqlConnections.DEFAULT_APPLICATION_NAME);
    }

    /**
     * As {@link #open(JournalLocation)}, with the name each PostgreSQL session of this process shows the server
     * ({@code pg_stat_activity.application_name}): a service replica's own, so the others can tell it is still
     * connected ({@link #connectedSessionNames}). Ignored for H2.
     */
    public static Journal open(JournalLocation location, String sessionName) {
        if (location instanceof JournalLocation.PostgreSql server) {
            return openPostgreSql(server, sessionName);
        }
        return open(((JournalLocation.H2File) location).directory());
    }

    /** Whether {@code dataDirectory} holds a journal: a command that only reads must not create one. */
    public static boolean existsIn(Path dataDirectory) {
        return Files.isRegularFile(dataDirectory.resolve(DATABASE_NAME + ".mv.db"));
    }

    /**
     * Opens (creating if needed) the journal in {@code dataDirectory} and migrates its schema.
     *
     * @throws JournalUnavailableException when another process holds the journal (H2 locks its file), or it cannot
     *                                     be opened
     */
    public static Journal open(Path dataDirectory) {
        try {
            if (!Files.isDirectory(dataDirectory)) {
                Files.createDirectories(dataDirectory);
                restrictToOwner(dataDirectory);
            }
        } catch (java.io.IOException e) {
            throw new JournalUnavailableException("cannot create the data directory " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
        // DB_CLOSE_ON_EXIT=FALSE: H2 must not close before our own shutdown hook has journaled in-flight work.
        // WRITE_DELAY=0: H2 otherwise keeps a commit in memory for up to 500 ms before writing it to the file, and a
        // process killed in that window (SIGKILL, OOM killer) loses it: the crash test lost the record of an ARM
        // operation Azure had accepted that way, and the rerun sent it again. Each commit now reaches the file (the
        // operating system's cache) before it returns.
        String url = "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve(DATABASE_NAME)
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "milink", "");
        try (Connection probe = pool.getConnection()) {
            probe.isValid(1);
        } catch (SQLException e) {
            pool.dispose();
            if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new JournalUnavailableException("the journal in " + dataDirectory + " is in use by another "
                        + "process (a running 'milink serve'?). Stop it first, or use another --data-dir.", e);
            }
            throw new JournalUnavailableException("cannot open the journal in " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
        Flyway.configure()
                .dataSource(pool)
                .locations(COMMON_MIGRATIONS, H2_MIGRATIONS)
                .load()
                .migrate();
        return new Journal(pool, pool::dispose, new JournalLocation.H2File(dataDirectory));
    }

    private static Journal openPostgreSql(JournalLocation.PostgreSql server, String sessionName) {
        PostgreSqlConnections connections = new PostgreSqlConnections(server, sessionName);
        // One connection first, outside the pool: a pool would retry a refused login until its timeout and then
        // report its own timeout; this fails at once with the server's words (refused, authentication failed).
        try (Connection probe = connections.getConnection()) {
            probe.isValid(1);
        } catch (SQLException e) {
            throw new JournalUnavailableException("cannot reach the journal database " + server.describe() + ": "
                    + firstLine(e.getMessage()) + " Check that the server is up, the address, the role and where its "
                    + "password is (" + server.password().describe() + ")", e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("milink-journal");
        config.setDataSource(connections);
        config.setMaximumPoolSize(POSTGRESQL_POOL_SIZE);
        config.setMinimumIdle(1);
        // A database that stops answering fails a request (and /health/ready) within seconds instead of holding a
        // worker for Hikari's default 30 s.
        config.setConnectionTimeout(5_000);
        // The server ends the sessions of a machine that vanished without closing them only once TCP keep-alive
        // gives up: two hours with the operating system's defaults. A replica's sessions tell the others it still
        // runs its work (connectedSessionNames), so these settings, each session's own, make that about a minute.
        config.setConnectionInitSql("SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; "
                + "SET tcp_keepalives_count = 3");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations(COMMON_MIGRATIONS, POSTGRESQL_MIGRATIONS)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new JournalUnavailableException("cannot bring the journal database " + server.describe()
                    + " up to date: " + rootMessage(e) + " The role needs a schema of its own to create tables in "
                    + "(docs/operations.md, \"Running several replicas\")", e);
        }
        return new Journal(pool, pool, server);
    }

    /** The innermost cause's message: the driver's own words (refused, authentication failed, permission denied). */
    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return firstLine(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("").strip();
        return line.endsWith(".") ? line : line + ".";
    }

    /** The journal holds no secret, but its audit log and reports are nobody else's business on a shared host. */
    private static void restrictToOwner(Path directory) throws java.io.IOException {
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(directory,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Where this journal is. */
    public JournalLocation location() {
        return location;
    }

    /**
     * The pool the journal's connections come from, for a library that runs its own threads and takes a
     * {@link DataSource} (the task scheduler that decides which replica runs a link operation). Never on an event
     * loop: prefer {@link #connection()}, which checks.
     */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * The names of the sessions connected to a PostgreSQL journal now (every process that opened it with
     * {@link #open(JournalLocation, String)}), or empty for H2, which one process holds alone. milink's processes
     * log in as one role, which sees its own sessions without any further grant.
     */
    public java.util.Optional<java.util.Set<String>> connectedSessionNames() {
        if (!(location instanceof JournalLocation.PostgreSql)) {
            return java.util.Optional.empty();
        }
        try (Connection c = connection(); var s = c.createStatement(); var rs = s.executeQuery(
                "SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database()")) {
            java.util.Set<String> names = new java.util.HashSet<>();
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    names.add(rs.getString(1));
                }
            }
            return java.util.Optional.of(names);
        } catch (SQLException e) {
            throw new JournalException("cannot read the sessions connected to the journal", e);
        }
    }

    /** A pooled connection; the caller closes it. Never on an event loop. */
    public Connection connection() throws SQLException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking journal access on a Vert.x event loop thread "
                    + Thread.currentThread().getName() + "; run it on a worker");
        }
        return pool.getConnection();
    }

    /** Work done in one transaction on one of the journal's connections. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (a failed rollback
     * travels as a suppressed exception, never in place of the cause).
     *
     * @param what what the work does, for the error
     * @throws JournalException when the database refuses it
     */
    public <T> T inTransaction(Work<T> work, String what) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new JournalException(what, e);
        }
    }

    /** True when the database answers a trivial query: what {@code /health/ready} reports. */
    public boolean isHealthy() {
        try (Connection c = connection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        // Closing the pool closes its connections; H2 then closes the database when its last connection goes
        // (an explicit SHUTDOWN would leave the pool rolling back dead connections, noise in journal.trace.db).
        try {
            closePool.close();
        } catch (Exception e) {
            throw new JournalException("cannot close the journal " + location.describe(), e);
        }
    }
}
