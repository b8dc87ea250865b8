package io.milink.api.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

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
 * connection, also when making the ARM side fails.
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
        return withInstance(spec, connection, sql -> new LinkSession(sql,
                AzureConnections.managedInstance(ref, signIn, System.getenv()), AzureConnections.linkArm(ref, signIn),
                System.getenv()));
    }

    /**
     * The session on an open connection, its ARM side made by {@code armSide}. Whatever goes wrong making it, the
     * connection is closed before the failure goes on: nothing else would close it.
     */
    static LinkTargets withInstance(LinkSpec spec, Connection connection, Function<Connection, LinkSession> armSide) {
        try {
            return new LinkTargets(spec, armSide.apply(connection));
        } catch (IllegalArgumentException e) {
            closeQuietly(connection);
            throw new UserError(ExitCodes.COULD_NOT_COMPLETE, "managedInstance.azureAuth: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(connection);
            throw e;
        }
    }

    LinkSpec spec() {
        return spec;
    }

    LinkSession session() {
        return session;
    }

    /**
     * Closes the SQL Server connection, the one resource a link command holds that needs closing. The ARM clients
     * have no close: the JDK HTTP client under them has none before Java 21, and its threads end once it is
     * unreachable.
     */
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
