package io.milink.core.sql;

import com.microsoft.sqlserver.jdbc.SQLServerDataSource;

import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Opens connections to the SQL Server a spec names, through mssql-jdbc. The data source is built with typed setters,
 * never by concatenating a URL, so a host or user name cannot smuggle in connection properties. The password is
 * read from its {@link io.milink.core.spec.SecretSource} at each connect and not kept.
 */
public final class SqlServerConnector {

    /**
     * How long a login may take before milink calls the server unreachable (seconds): the connection timeout
     * Microsoft's SqlClient defaults to (Microsoft Learn, "SqlConnection.ConnectionTimeout Property": 15 seconds),
     * long enough for a TLS login across a WAN, short enough for a CI job to fail soon on a black-holed address.
     * {@code milink preflight --connect-timeout} changes it.
     */
    public static final int DEFAULT_LOGIN_TIMEOUT_SECONDS = 15;

    private final SqlServerTarget target;
    private final Map<String, String> environment;
    private final int loginTimeoutSeconds;

    public SqlServerConnector(SqlServerTarget target, Map<String, String> environment, int loginTimeoutSeconds) {
        this.target = Objects.requireNonNull(target, "target");
        this.environment = Map.copyOf(environment);
        this.loginTimeoutSeconds = loginTimeoutSeconds;
    }

    public static SqlServerConnector forTarget(SqlServerTarget target) {
        return new SqlServerConnector(target, System.getenv(), DEFAULT_LOGIN_TIMEOUT_SECONDS);
    }

    public SqlServerTarget target() {
        return target;
    }

    /**
     * @throws SqlConnectException classified (DNS, refused, timeout, TLS, login failed) with the driver's message
     */
    public Connection connect() throws SqlConnectException {
        SQLServerDataSource source = dataSource();
        long started = System.nanoTime();
        try {
            return source.getConnection();
        } catch (SQLException e) {
            throw refine(ConnectFailureClassifier.classify(e), e, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            source.setPassword(null);
        }
    }

    /** How long a login may take, in seconds. */
    public int loginTimeoutSeconds() {
        return loginTimeoutSeconds;
    }

    /**
     * What the driver's exception cannot tell. A name that does not resolve: the driver reports the resolver's
     * reason only the first time, and a repeat (the JDK caches failed lookups, networkaddress.cache.negative.ttl)
     * names the host alone (observed with mssql-jdbc 12; UNCONFIRMED in its documentation), so the host is looked up
     * again. A login that ran out of time: the driver closes the socket when its timer fires, and a TLS
     * handshake then fails with "Remote host terminated the handshake", which is no TLS problem; so a failure that
     * comes no sooner than the login timeout, and is not a refusal, is a timeout (observed with mssql-jdbc 12 against
     * a port that accepts and never answers; UNCONFIRMED in its documentation).
     */
    private SqlConnectException refine(SqlConnectException classified, SQLException e, Duration elapsed) {
        ConnectFailure failure = classified.failure();
        if (failure == ConnectFailure.DNS || failure == ConnectFailure.OTHER) {
            String unresolved = unresolved(target.host());
            if (unresolved != null) {
                return new SqlConnectException(ConnectFailure.DNS, null, unresolved, e);
            }
        }
        boolean timedOut = loginTimeoutSeconds > 0 && elapsed.compareTo(Duration.ofSeconds(loginTimeoutSeconds)) >= 0;
        if (timedOut && (failure == ConnectFailure.TIMEOUT || failure == ConnectFailure.TLS
                || failure == ConnectFailure.OTHER)) {
            return new SqlConnectException(ConnectFailure.TIMEOUT, null, "no answer within " + loginTimeoutSeconds
                    + " s (" + classified.getMessage() + ")", e);
        }
        return classified;
    }

    /** Null when the name resolves; otherwise what the resolver said, plainly. */
    private static String unresolved(String host) {
        try {
            InetAddress.getAllByName(host);
            return null;
        } catch (UnknownHostException e) {
            return "'" + host + "' does not resolve to an address from this machine";
        }
    }

    SQLServerDataSource dataSource() {
        SQLServerDataSource source = new SQLServerDataSource();
        source.setServerName(target.host());
        if (target.port() != null) {
            source.setPortNumber(target.port());
        }
        if (target.instanceName() != null) {
            source.setInstanceName(target.instanceName());
        }
        source.setEncrypt(target.encryption().jdbcValue());
        source.setTrustServerCertificate(target.trustServerCertificate());
        if (target.hostNameInCertificate() != null) {
            source.setHostNameInCertificate(target.hostNameInCertificate());
        }
        if (target.serverCertificate() != null) {
            source.setServerCertificate(target.serverCertificate().toString());
        }
        source.setLoginTimeout(loginTimeoutSeconds);
        source.setApplicationName("milink");
        SqlAuthentication auth = target.authentication();
        if (auth instanceof SqlAuthentication.SqlLogin login) {
            source.setUser(login.user());
            source.setPassword(login.password().resolve(environment));
        } else if (auth instanceof SqlAuthentication.Integrated) {
            source.setIntegratedSecurity(true);
            // Off Windows there is no SSPI; Kerberos through JAAS is the driver's way to integrated login.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
                source.setAuthenticationScheme("JavaKerberos");
            }
        } else if (auth instanceof SqlAuthentication.Entra) {
            source.setAuthentication("ActiveDirectoryDefault");
        }
        return source;
    }
}
