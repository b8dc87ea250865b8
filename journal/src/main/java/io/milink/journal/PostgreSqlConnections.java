package io.milink.journal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * New physical connections to a PostgreSQL journal for the pool: the password is read from its reference for each
 * one and handed to the driver, never kept, so a secret rotated in its file reaches the next connection without a
 * restart, and no configuration object holds it (where a pool's or driver's debug log could print it).
 */
final class PostgreSqlConnections implements DataSource {

    /** How long a connection attempt may take: a database that does not answer should fail a start, not hang it. */
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    /** What a session shows the server when its process gave no name of its own (the CLI). */
    static final String DEFAULT_APPLICATION_NAME = "milink";
    /** PostgreSQL keeps this many bytes of an application name (NAMEDATALEN - 1). */
    private static final int MAX_APPLICATION_NAME = 63;

    private final JournalLocation.PostgreSql location;
    private final String applicationName;
    private final org.postgresql.Driver driver = new org.postgresql.Driver();

    PostgreSqlConnections(JournalLocation.PostgreSql location) {
        this(location, DEFAULT_APPLICATION_NAME);
    }

    /** @param applicationName what the server shows for each session ({@code pg_stat_activity.application_name}) */
    PostgreSqlConnections(JournalLocation.PostgreSql location, String applicationName) {
        if (applicationName.length() > MAX_APPLICATION_NAME) {
            throw new IllegalArgumentException("a session name holds at most " + MAX_APPLICATION_NAME
                    + " characters: " + applicationName);
        }
        this.location = location;
        this.applicationName = applicationName;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(applicationName);
    }

    /** @param applicationName what the server shows for this session ({@code pg_stat_activity.application_name}) */
    Connection connect(String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", location.user());
        try {
            properties.setProperty("password", location.password().resolve(location.environment()));
        } catch (RuntimeException unreadable) {
            // The reference's own message: which variable or file, and what to do; never the value.
            throw new SQLException(unreadable.getMessage(), "08001", unreadable);
        }
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", applicationName);
        Connection connection = driver.connect(location.url(), properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept the address " + location.describe());
        }
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the journal logs in as its configured role only");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Nothing is logged here.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The connect timeout above bounds a login.
    }

    @Override
    public int getLoginTimeout() {
        return CONNECT_TIMEOUT_SECONDS;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
