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

    /**
     * The PostgreSQL advisory lock the serving process holds (any fixed 64-bit key; this one spells "milink" in
     * ASCII), so a second {@code milink serve} on the same database is refused until work is owned per replica.
     */
    static final long SOLE_SERVICE_LOCK = 0x6d696c696e6bL;

    private final DataSource pool;
    private final AutoCloseable closePool;
    private final JournalLocation location;
    /** The session holding {@link #SOLE_SERVICE_LOCK}; null until {@link #claimSoleService} on PostgreSQL. */
    private Connection soleService;

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
        if (location instanceof JournalLocation.PostgreSql server) {
            return openPostgreSql(server);
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

    private static Journal openPostgreSql(JournalLocation.PostgreSql server) {
        PostgreSqlConnections connections = new PostgreSqlConnections(server);
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
     * Claims this journal for the calling service alone, until {@link #close}. A service that shares its journal
     * with another would fail the other's operations at its start and at its stop (both mark every unfinished
     * operation of the journal Failed), and both would monitor and resume the same links: until work is owned by
     * one replica at a time, one service per journal. H2's file lock already ensures that; on PostgreSQL a session
     * of its own holds an advisory lock, released by the server when the session ends, however the process ends.
     *
     * @throws JournalUnavailableException when another service holds it, naming that service's session
     */
    public synchronized void claimSoleService() {
        if (!(location instanceof JournalLocation.PostgreSql server) || soleService != null) {
            return;
        }
        String self = "milink serve " + ProcessHandle.current().pid();
        try {
            Connection session = new PostgreSqlConnections(server).connect(self);
            try (var claim = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                // The server ends the session, and frees the lock, when this process's machine vanishes without
                // closing it - but only once TCP keep-alive gives up, after two hours with the operating system's
                // defaults. These settings, this session's own, make that about a minute, so a replacement on another
                // machine is not refused for hours.
                try (var keepAlive = session.createStatement()) {
                    keepAlive.execute("SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; "
                            + "SET tcp_keepalives_count = 3");
                }
                claim.setLong(1, SOLE_SERVICE_LOCK);
                try (var rs = claim.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        soleService = session;
                        return;
                    }
                }
                String holder = holder(session);
                session.close();
                throw new JournalUnavailableException("another milink serve already serves the journal "
                        + server.describe() + " (" + holder + "). This release runs one milink serve per journal: "
                        + "stop that one first, or run a single replica (docs/operations.md, \"Running several "
                        + "replicas\")", null);
            } catch (SQLException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new JournalUnavailableException("cannot claim the journal " + server.describe() + " for this "
                    + "service: " + firstLine(e.getMessage()), e);
        }
    }

    /** Who holds the lock, as the server shows the session: its name, address and start. */
    private static String holder(Connection session) throws SQLException {
        try (var who = session.prepareStatement("SELECT a.application_name, a.client_addr, a.backend_start "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
                + "AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1")) {
            who.setLong(1, SOLE_SERVICE_LOCK >>> 32);
            who.setLong(2, SOLE_SERVICE_LOCK & 0xffff_ffffL);
            try (var rs = who.executeQuery()) {
                return rs.next() ? rs.getString(1) + " from " + (rs.getString(2) == null ? "a local socket"
                        : rs.getString(2)) + ", connected since " + rs.getObject(3, java.time.OffsetDateTime.class)
                        : "its session is not visible to this role";
            }
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
            releaseSoleService();
        } finally {
            try {
                closePool.close();
            } catch (Exception e) {
                throw new JournalException("cannot close the journal " + location.describe(), e);
            }
        }
    }

    private synchronized void releaseSoleService() {
        if (soleService != null) {
            try {
                soleService.close();
            } catch (SQLException e) {
                // The server releases the lock with the session, which ends with this process at the latest.
            } finally {
                soleService = null;
            }
        }
    }
}
