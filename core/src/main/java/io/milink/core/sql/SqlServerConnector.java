package io.milink.core.sql;

import com.microsoft.sqlserver.jdbc.SQLServerDataSource;

import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;

/**
 * Opens connections to the SQL Server a spec names, through mssql-jdbc. The data source is built with typed setters,
 * never by concatenating a URL, so a host or user name cannot smuggle in connection properties. The password is
 * read from its {@link io.milink.core.spec.SecretSource} at each connect and not kept.
 */
public final class SqlServerConnector {

    /** How long a login may take before milink calls the server unreachable (seconds). */
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
        try {
            return source.getConnection();
        } catch (SQLException e) {
            throw ConnectFailureClassifier.classify(e);
        } finally {
            source.setPassword(null);
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
