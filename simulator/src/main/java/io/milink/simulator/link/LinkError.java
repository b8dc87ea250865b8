package io.milink.simulator.link;

/**
 * Why the link world refuses or breaks something, in the words of both products: ARM's error code and message
 * (the 2025-01-01 contract's error list for distributedAvailabilityGroups) and the database engine's error
 * number and text (Microsoft Learn, MSSQLSERVER_41962 and neighbours). The SQL Server side shows the engine
 * form in sys.dm_hadr_availability_replica_states.last_connect_error_*; ARM shows the ARM form as a failed
 * long-running operation and as {@code mostRecentLinkError}.
 */
public record LinkError(int httpStatus, String armCode, String armMessage, int engineNumber, String engineText) {

    private static final String TROUBLESHOOTING = "https://aka.ms/mi-link-troubleshooting";

    /** 41962: replication did not start within 5 minutes (network, firewall, endpoint not listening). */
    public static LinkError connectivityNotEstablished(String detail) {
        return new LinkError(400, "ManagedInstanceLinkConnectivityIsNotEstablished",
                "Operation was aborted as replication to Azure SQL Managed Instance did not start within '5' minutes"
                        + " since it was initiated. Please verify the network connectivity and firewall rules are"
                        + " configured according to the guidelines described at " + TROUBLESHOOTING + ". " + detail,
                41962, "The link initialization failed: replication to Azure SQL Managed Instance did not start"
                        + " within 5 minutes. " + detail);
    }

    /** 41973: SQL Server's endpoint certificate is not among the instance's server trust certificates. */
    public static LinkError certificateMissingOnManagedInstance(String detail) {
        return new LinkError(400, "ManagedInstanceLinkCertificateNotFoundOnManagedInstance",
                "Managed instance link connection can not be established due to certificate missing on the managed"
                        + " instance. " + detail,
                41973, "The link initialization failed because the SQL Server endpoint certificate has not been"
                        + " imported into the managed instance. " + detail);
    }

    /** 41974: the instance's endpoint certificate is not imported on SQL Server, or not trusted there. */
    public static LinkError certificateMissingOnSqlServer(String detail) {
        return new LinkError(400, "ManagedInstanceLinkCertificateNotFoundOnSqlServer",
                "Managed instance link connection can not be established due to certificate missing on the on-prem"
                        + " sql server. " + detail,
                41974, "The link initialization failed because the managed instance endpoint certificate has not"
                        + " been imported into SQL Server. " + detail);
    }

    /** 41976: the partner's availability group or distributed availability group does not answer as named. */
    public static LinkError availabilityGroupNotResponding(String detail) {
        return new LinkError(400, "CloudLifterChimeraAvailabilityGroupConnectionCannotBeEstablished",
                "Connection with availability group cannot be established as it is not responding. Possible causes"
                        + " could be nonexistence of availability group or distributed availability group on the"
                        + " partner server, incorrectly specified names or configuration parameters. " + detail,
                41976, "The link initialization failed: the availability group on the partner is not responding. "
                        + detail);
    }

    /** 41977: connected, but the database on the partner does not answer (names, database creation). */
    public static LinkError databaseNotResponding(String detail) {
        return new LinkError(400, "CloudLifterChimeraEstablishDbConnectionNotEstablished",
                "Connection with availability group is established, but there is no response from the target"
                        + " database. Possible causes could be errors with creating a database on the partner server,"
                        + " incorrectly specified names or configuration parameters. " + detail,
                41977, "The link creation failed: there is no response from the target database. " + detail);
    }

    /** 41986: the connection to SQL Server failed (endpoint missing, stopped, or not set up for the link). */
    public static LinkError connectionToSqlServerFailed(String detail) {
        return new LinkError(400, "ManagedInstanceLinkConnectivityIsNotEstablished",
                "Operation was aborted as replication to Azure SQL Managed Instance did not start within '5' minutes"
                        + " since it was initiated. Please verify the network connectivity and firewall rules are"
                        + " configured according to the guidelines described at " + TROUBLESHOOTING + ". " + detail,
                41986, "The link initialization failed: the connection to SQL Server failed or it did not respond. "
                        + detail);
    }

    /**
     * A planned failover while the secondary is not synchronized: ARM's 409 and, for T-SQL, the engine's 41142
     * (the availability-group text; which number a distributed group gives is UNCONFIRMED).
     */
    public static LinkError failoverNotSynchronized(String group, String detail) {
        return new LinkError(409, "DistributedAvailabilityGroupFailoverSecondariesNotSynchronizing",
                "Planned failover cannot be executed if secondaries are not synchronizing. " + detail,
                41142, "The availability replica for availability group '" + group + "' on this instance of SQL"
                        + " Server cannot become the primary replica. One or more databases are not synchronized or"
                        + " have not joined the availability group. " + detail);
    }

    /** A role change the link cannot make in its current state (e.g. no connection to the other side). */
    public static LinkError roleChangeFailed(String group, String detail) {
        return new LinkError(409, "DistributedAvailabilityGroupSetRoleFailed",
                "Set role operation failed. " + detail,
                41104, "Failover of the availability group '" + group + "' to the local replica failed. " + detail);
    }

    /** The message ARM shows: its text with the engine's number, as the portal shows both. */
    public String mostRecentLinkError() {
        return "Error " + engineNumber + ": " + engineText;
    }
}
