package io.milink.api.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.LinkSpec;
import io.milink.core.spec.LinkSpecLoader;
import io.milink.core.spec.ManagedInstanceTarget;
import io.milink.core.spec.SpecException;
import io.milink.core.sql.SqlConnectException;
import io.milink.core.sql.SqlServerConnector;
import io.milink.linkmanager.LinkSession;

/**
 * A link spec turned into the two sides a link command works on: the SQL Server connection (as preflight opens
 * it) and the managed instance's ARM clients, signed in as the spec or the --azure-* flags say. Closes the
 * connection.
 */
final class LinkTargets implements AutoCloseable {

    private final LinkSpec spec;
    private final LinkSession session;

    private LinkTargets(LinkSpec spec, LinkSession session) {
        this.spec = spec;
        this.session = session;
    }

    static LinkSpec loadSpec(Path file) {
        return loadSpec(file, true);
    }

    /**
     * @param databasesRequired false for {@code link list}, which lists every link whatever the spec's databases:
     *                          a spec may name none yet, to find which there are
     */
    static LinkSpec loadSpec(Path file, boolean databasesRequired) {
        try {
            LinkSpec spec = LinkSpecLoader.load(file);
            if (databasesRequired && spec.databases().isEmpty()) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, file + ": databases: name the databases to link");
            }
            ManagedInstanceTarget mi = spec.managedInstance();
            if (mi == null || mi.resource() == null) {
                throw new UserError(ExitCodes.COULD_NOT_COMPLETE, file + ": managedInstance: the link commands need "
                        + "the instance's Azure resource (resourceId, or subscriptionId, resourceGroup and name)");
            }
            return spec;
        } catch (SpecException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, e.getMessage(), e);
        }
    }

    static LinkTargets open(LinkSpec spec, AzureSignInOptions azure) {
        ManagedInstanceTarget mi = spec.managedInstance();
        ManagedInstanceRef ref = mi.resource();
        var signIn = azure.resolve(mi.azureAuth());
        Connection connection;
        try {
            connection = SqlServerConnector.forTarget(spec.sqlServer()).connect();
        } catch (SqlConnectException e) {
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "cannot connect to SQL Server "
                    + spec.sqlServer().displayName() + ": " + e.getMessage(), e);
        }
        try {
            return new LinkTargets(spec, new LinkSession(connection,
                    AzureConnections.managedInstance(ref, signIn, System.getenv()),
                    AzureConnections.linkArm(ref, signIn), System.getenv()));
        } catch (IllegalArgumentException e) {
            closeQuietly(connection);
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "managedInstance.azureAuth: " + e.getMessage(), e);
        }
    }

    LinkSpec spec() {
        return spec;
    }

    LinkSession session() {
        return session;
    }

    @Override
    public void close() {
        closeQuietly(session.sql());
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing left to do with it
        }
    }
}
