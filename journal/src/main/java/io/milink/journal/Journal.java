package io.milink.journal;

import io.vertx.core.Context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The journal database: an embedded H2 file in the data directory, its schema brought up to date by Flyway on open.
 * Every method here blocks, so none may run on a Vert.x event loop; {@link #connection()} refuses to, which turns a
 * mistake into a failing test instead of a stalled server.
 */
public final class Journal implements AutoCloseable {

    /** The file name H2 writes, without its {@code .mv.db} extension. */
    static final String DATABASE_NAME = "journal";

    private final JdbcConnectionPool pool;
    private final Path directory;

    private Journal(JdbcConnectionPool pool, Path directory) {
        this.pool = pool;
        this.directory = directory;
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
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return new Journal(pool, dataDirectory);
    }

    /** The journal holds no secret, but its audit log and reports are nobody else's business on a shared host. */
    private static void restrictToOwner(Path directory) throws java.io.IOException {
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(directory,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    public Path directory() {
        return directory;
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
        pool.dispose();
    }
}
