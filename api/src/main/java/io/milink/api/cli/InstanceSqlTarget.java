package io.milink.api.cli;

import java.sql.Connection;
import java.sql.SQLException;

import io.milink.core.spec.LinkSpec;
import io.milink.core.sql.SqlConnectException;
import io.milink.core.sql.SqlServerConnector;
import io.milink.linkmanager.InstanceSqlEndpoint;
import io.milink.linkmanager.LinkSession;

/**
 * The managed instance's own SQL endpoint as the spec names it ({@code managedInstance.sql:}), opened through the
 * same connector as SQL Server (typed data source, password read at each connect and not kept).
 */
final class InstanceSqlTarget {

    private InstanceSqlTarget() {
    }

    /** {@code session} with the instance's SQL endpoint when the spec names one; else {@code session} as it is. */
    static LinkSession attach(LinkSession session, LinkSpec spec) {
        var target = spec.managedInstance() == null ? null : spec.managedInstance().sql();
        if (target == null) {
            return session;
        }
        SqlServerConnector connector = SqlServerConnector.forTarget(target);
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
