package io.milink.api.link;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import io.milink.core.spec.LinkSpec;
import io.milink.core.sql.SqlConnectException;
import io.milink.core.sql.SqlServerConnector;
import io.milink.linkmanager.InstanceSqlEndpoint;
import io.milink.linkmanager.LinkSession;

/**
 * The managed instance's own SQL endpoint as the spec names it ({@code managedInstance.sql:}), opened through the
 * same connector as SQL Server (typed data source, password read at each connect and not kept). The CLI reads the
 * password's reference in its own environment, the service in the one its configuration names.
 */
public final class InstanceSqlTarget {

    private InstanceSqlTarget() {
    }

    /** {@code session} with the instance's SQL endpoint when the spec names one; else {@code session} as it is. */
    public static LinkSession attach(LinkSession session, LinkSpec spec) {
        return attach(session, spec, System.getenv());
    }

    /** @param environment where a {@code passwordEnv} reference is read */
    public static LinkSession attach(LinkSession session, LinkSpec spec, Map<String, String> environment) {
        var target = spec.managedInstance() == null ? null : spec.managedInstance().sql();
        if (target == null) {
            return session;
        }
        SqlServerConnector connector = new SqlServerConnector(target, environment,
                SqlServerConnector.DEFAULT_LOGIN_TIMEOUT_SECONDS);
        return session.withInstanceSql(new InstanceSqlEndpoint() {
            @Override
            public Connection connect() throws SQLException {
                try {
                    return connector.connect();
                } catch (SqlConnectException e) {
                    throw new SQLException(e.getMessage(), e);
                }
            }

            @Override
            public String displayName() {
                return target.displayName();
            }
        });
    }
}
