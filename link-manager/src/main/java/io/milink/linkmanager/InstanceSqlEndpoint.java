package io.milink.linkmanager;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The managed instance's own SQL endpoint ({@code managedInstance.sql:} in the spec), opened only when a run needs
 * what the instance alone can say: its backup history. Each call opens a new connection, which the caller closes.
 */
public interface InstanceSqlEndpoint {

    Connection connect() throws SQLException;

    /** How the user would name it in a message, e.g. {@code mi-target-01.abc.database.windows.net:1433}. */
    String displayName();
}
