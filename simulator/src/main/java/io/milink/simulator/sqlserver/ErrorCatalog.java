package io.milink.simulator.sqlserver;

import java.util.Map;

import io.milink.simulator.engine.ServerMessage;

/**
 * SQL Server's texts and severities for the message numbers the twin raises (sys.messages, language 1033). The
 * format is Java's: SQL Server's {@code %.*ls}/{@code %ls}/{@code %d} become {@code %s}/{@code %d}.
 */
public final class ErrorCatalog {

    /** Number, severity, format. */
    private record Entry(int severity, String format) {
    }

    /**
     * The number SQL Server uses for "certificate already added as a trusted issuer" was not found in any public
     * source; the text is from Microsoft's Azure-Managed-Instance-Link sample module, which matches on it.
     * UNCONFIRMED number.
     */
    public static final int ISSUER_ALREADY_ADDED = 33580;

    /**
     * The twin's own "not supported" error, for valid T-SQL the twin does not model: RAISERROR's user-message number,
     * so no real number is impersonated. Never used for wrong T-SQL, which gets SQL Server's number.
     */
    public static final int NOT_SUPPORTED = 50000;

    /**
     * Informational messages travel with class 0 although sys.messages lists severity 10: the TDS prototype saw
     * "INFO 2528 class 0" and 5701 the same way (tds-protocol.md §5.5).
     */
    private static final int INFO = 0;

    private static final Map<Integer, Entry> MESSAGES = Map.ofEntries(
            Map.entry(102, new Entry(15, "Incorrect syntax near '%s'.")),
            Map.entry(105, new Entry(15, "Unclosed quotation mark after the character string '%s'.")),
            Map.entry(113, new Entry(15, "Missing end comment mark '*/'.")),
            Map.entry(134, new Entry(15, "The variable name '%s' has already been declared. Variable names must be unique within a query batch or stored procedure.")),
            Map.entry(137, new Entry(15, "Must declare the scalar variable \"%s\".")),
            Map.entry(213, new Entry(16, "Column name or number of supplied values does not match table definition.")),
            Map.entry(1087, new Entry(15, "Must declare the table variable \"%s\".")),
            Map.entry(156, new Entry(15, "Incorrect syntax near the keyword '%s'.")),
            Map.entry(174, new Entry(15, "The %s function requires %d argument(s).")),
            Map.entry(512, new Entry(16, "Subquery returned more than 1 value. This is not permitted when the subquery follows =, !=, <, <= , >, >= or when the subquery is used as an expression.")),
            Map.entry(8134, new Entry(16, "Divide by zero error encountered.")),
            Map.entry(141, new Entry(15, "A SELECT statement that assigns a value to a variable must not be combined with data-retrieval operations.")),
            Map.entry(148, new Entry(15, "Incorrect time syntax in time string '%s' used with WAITFOR.")),
            Map.entry(3211, new Entry(INFO, "%d percent processed.")),
            Map.entry(5069, new Entry(16, "ALTER DATABASE statement failed.")),
            Map.entry(8178, new Entry(16, "The parameterized query '%s' expects the parameter '%s', which was not supplied.")),
            Map.entry(195, new Entry(15, "'%s' is not a recognized %s.")),
            Map.entry(201, new Entry(16, "Procedure or function '%s' expects parameter '%s', which was not supplied.")),
            Map.entry(243, new Entry(16, "Type %s is not a defined system type.")),
            Map.entry(343, new Entry(15, "Unknown object type '%s' used in a CREATE, DROP, or ALTER statement.")),
            Map.entry(2715, new Entry(16, "Column, parameter, or variable #%d: Cannot find data type %s.")),
            Map.entry(207, new Entry(16, "Invalid column name '%s'.")),
            Map.entry(208, new Entry(16, "Invalid object name '%s'.")),
            Map.entry(226, new Entry(16, "%s statement not allowed within multi-statement transaction.")),
            Map.entry(241, new Entry(16, "Conversion failed when converting date and/or time from character string.")),
            Map.entry(245, new Entry(16, "Conversion failed when converting the %s value '%s' to data type %s.")),
            Map.entry(262, new Entry(14, "%s permission denied in database '%s'.")),
            Map.entry(911, new Entry(16, "Database '%s' does not exist. Make sure that the name is entered correctly.")),
            Map.entry(942, new Entry(14, "Database '%s' cannot be opened because it is offline.")),
            Map.entry(2526, new Entry(16, "Incorrect DBCC statement. Check the documentation for the correct DBCC syntax and options.")),
            Map.entry(2528, new Entry(INFO, "DBCC execution completed. If DBCC printed error messages, contact your system administrator.")),
            Map.entry(2571, new Entry(14, "User '%s' does not have permission to run DBCC %s.")),
            Map.entry(2732, new Entry(16, "Error number %d is invalid. The number must be from %d through %d and it must not be 50000.")),
            Map.entry(2754, new Entry(16, "Error severity levels greater than 18 can only be specified by members of the sysadmin role, using the WITH LOG option.")),
            Map.entry(2812, new Entry(16, "Could not find stored procedure '%s'.")),
            Map.entry(3013, new Entry(16, "%s is terminating abnormally.")),
            Map.entry(3014, new Entry(INFO, "%s successfully processed %d pages in %s seconds (%s MB/sec).")),
            Map.entry(3021, new Entry(16, "Cannot perform a backup or restore operation within a transaction.")),
            Map.entry(3147, new Entry(16, "Backup and restore operations are not allowed on database tempdb.")),
            Map.entry(3902, new Entry(16, "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.")),
            Map.entry(3903, new Entry(16, "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.")),
            Map.entry(4035, new Entry(INFO, "Processed %d pages for database '%s', file '%s' on file %d.")),
            Map.entry(4060, new Entry(11, "Cannot open database \"%s\" requested by the login. The login failed.")),
            Map.entry(4208, new Entry(16, "The statement BACKUP LOG is not allowed while the recovery model is SIMPLE. Use BACKUP DATABASE or change the recovery model using ALTER DATABASE.")),
            Map.entry(4214, new Entry(16, "BACKUP LOG cannot be performed because there is no current database backup.")),
            Map.entry(5011, new Entry(14, "User does not have permission to alter database '%s', the database does not exist, or the database is not in a state that allows access checks.")),
            Map.entry(5058, new Entry(16, "Option '%s' cannot be set in database '%s'.")),
            Map.entry(5701, new Entry(INFO, "Changed database context to '%s'.")),
            Map.entry(5703, new Entry(INFO, "Changed language setting to %s.")),
            Map.entry(8179, new Entry(16, "Could not find prepared statement with handle %d.")),
            Map.entry(10704, new Entry(15, "To rethrow an error, a THROW statement must be used inside a CATCH block. Insert the THROW statement inside a CATCH block, or add error parameters to the THROW statement.")),
            Map.entry(15151, new Entry(16, "Cannot %s the %s '%s', because it does not exist or you do not have permission.")),
            Map.entry(15208, new Entry(16, "The certificate, asymmetric key, or private key file is not valid or does not exist; or you do not have permissions for it.")),
            Map.entry(15232, new Entry(16, "A certificate with name '%s' already exists or this certificate already has been added to the database.")),
            Map.entry(15247, new Entry(16, "User does not have permission to perform this action.")),
            Map.entry(15468, new Entry(16, "An error occurred during the generation of the certificate.")),
            Map.entry(15578, new Entry(16, "There is already a master key in the database. Please drop it before performing this statement.")),
            Map.entry(15581, new Entry(16, "Please create a master key in the database or open the master key in the session before performing this operation.")),
            Map.entry(18054, new Entry(16, "Error %d, severity %d, state %d was raised, but no message with that error number was found in sys.messages. If error is larger than 50000, make sure the user-defined message is added using sp_addmessage.")),
            Map.entry(18456, new Entry(14, "Login failed for user '%s'.")),
            Map.entry(35100, new Entry(16, "Error number %d in the THROW statement is outside the valid range. Specify an error number in the valid range of 50000 to 2147483647.")),
            // Always On and endpoints (Microsoft Learn, "Database engine events and errors" 1000-1999, 7000-7999,
            // 15000-15999, 19000-20999, 28000-30999 and 31000-41399). Texts of 1465 and 1475: see HADR_TEXTS below.
            Map.entry(1465, new Entry(16, "Database \"%s\" database is not in full recovery mode on each of the server instances. The full recovery model is required for a database to participate in database mirroring or in an availability group.")),
            Map.entry(1475, new Entry(16, "Database \"%s\" might contain bulk logged changes that have not been backed up. Take a log backup on the principal database or primary database. Then restore this backup either on the mirror database to enable database mirroring or on every secondary database to enable you to join it to the availability group.")),
            Map.entry(2714, new Entry(16, "There is already an object named '%s' in the database.")),
            Map.entry(7860, new Entry(15, "An endpoint's transport or content cannot be changed through the ALTER ENDPOINT statement. Use DROP ENDPOINT and execute the CREATE ENDPOINT statement to make these changes.")),
            Map.entry(7862, new Entry(16, "An endpoint of the requested type already exists. Only one endpoint of this type is supported. Use ALTER ENDPOINT or DROP the existing endpoint and execute the CREATE ENDPOINT statement.")),
            Map.entry(7863, new Entry(16, "The endpoint was not changed. The ALTER ENDPOINT statement did not contain any values to modify or update.")),
            Map.entry(7873, new Entry(16, "The endpoint \"%s\" is a built-in endpoint and cannot be dropped. Use the protocol configuration utilities to ADD or DROP Transact-SQL endpoints.")),
            Map.entry(15352, new Entry(16, "The %s cannot be dropped because one or more entities are either signed or encrypted using it.")),
            Map.entry(19497, new Entry(16, "Conflicting option spec provided. DISTRIBUTED option cannot be combined with any other availability group options.")),
            Map.entry(19498, new Entry(16, "To create a distributed availability group, please specify the DISTRIBUTED option.")),
            Map.entry(19499, new Entry(16, "The specified listener URL '%s' is invalid. Reenter the command specifying the correct URL. For information about specifying the endpoint URL for an availability replica, see SQL Server Books Online.")),
            Map.entry(19501, new Entry(16, "None of the specified availability groups exist locally. Please check your DDL and make sure there is one availability group exist locally.")),
            Map.entry(19503, new Entry(16, "Cannot create a distributed availability replica for availability group '%s'. Local availability group is participating in a distributed availability group as secondary.")),
            Map.entry(19504, new Entry(16, "Cannot failover a distributed availability replica for availability group '%s'. Only force failover is supported in this version of SQL Server.")),
            Map.entry(19507, new Entry(16, "Cannot create a distributed availability replica for availability group '%s'. There is an already existing distributed availability group on top of the same replicas.")),
            Map.entry(19508, new Entry(16, "'ALTER AVAILABILITY GROUP MODIFY AVAILABILITY GROUP' command failed. Participant availability replica '%s' not found in the distributed availability group '%s'.")),
            Map.entry(19509, new Entry(16, "Cannot create a distributed availability group '%s'. An availability group with the same name already exists.")),
            Map.entry(19512, new Entry(16, "The requested operation only applies to distributed availability group, and is not supported on the specified availability group '%s'. Please make sure you are specifying the correct availability group name.")),
            Map.entry(19513, new Entry(16, "Cannot create a distributed availability replica for availability group '%s'. Distributed availability group cannot be built on top of basic local availability group. Please make sure you are specifying the correct local availability group name.")),
            Map.entry(28055, new Entry(16, "The certificate '%s' is not valid for endpoint authentication. The certificate must have a private key encrypted with the database master key and current UTC date has to be between the certificate start date and the certificate expiration date.")),
            Map.entry(35208, new Entry(16, "Availability group DDL operations are permitted only when you are using the master database. Run the 'USE master' statement, and retry your availability group DDL statement.")),
            Map.entry(35209, new Entry(16, "The %s operation failed for availability replica '%s', because the backup priority value is outside the valid range. The valid range is between %d and %d, inclusive. Set the backup priority to a value within this range, and retry the operation.")),
            Map.entry(35210, new Entry(16, "Failed to modify options for availability replica '%s' in availability group '%s'. The specified availability group does not contain an availability replica with specified name. Verify that availability group name and availability replica name are correct, then retry the operation.")),
            Map.entry(35211, new Entry(16, "The %s operation is not allowed. The operation attempted to change the configuration of availability replica '%s' to the asynchronous-commit availability mode with automatic failover, which is an invalid configuration. Either change the failover mode to manual or the availability mode to synchronous commit, and retry the operation.")),
            Map.entry(35214, new Entry(16, "The %s operation failed for availability replica '%s'. The minimum value for session timeout is %d. Retry the operation specifying a valid session-timeout value.")),
            Map.entry(35221, new Entry(16, "Could not process the operation. Always On Availability Groups replica manager is disabled on this instance of SQL Server. Enable Always On Availability Groups, by using the SQL Server Configuration Manager. Then, restart the SQL Server service, and retry the currently operation. For information about how to enable and disable Always On Availability Groups, see SQL Server Books Online.")),
            Map.entry(35228, new Entry(16, "The attempt to set the failure condition level for availability group '%s' failed. The specified level value is out of the valid range [%d, %d]. Reenter the command specifying a valid failure condition level value.")),
            Map.entry(35229, new Entry(16, "The attempt to set the health check timeout value for availability group '%s' failed. The specified timeout value is less than %d milliseconds. Reenter the command specifying a valid health check timeout value.")),
            Map.entry(35232, new Entry(16, "The specified endpoint URL '%s' is invalid. Reenter the command specifying the correct URL. For information about specifying the endpoint URL for an availability replica, see SQL Server Books Online.")),
            Map.entry(35234, new Entry(16, "Database name '%s' was specified more than once. Reenter the command, specifying each database name only once.")),
            Map.entry(35235, new Entry(16, "The system name '%s' was specified more than once in the REPLICA ON clause of this command. Reenter the command, specifying a different instance of SQL Server for each replica.")),
            Map.entry(35236, new Entry(15, "The endpoint URL was not specified for the availability replica hosted by server instance '%s'. Reenter the command, specifying the endpoint URL of this instance of SQL Server.")),
            Map.entry(35237, new Entry(16, "None of the specified replicas for availability group %s maps to the instance of SQL Server to which you are connected. Reenter the command, specifying this server instance to host one of the replicas. This replica will be the initial primary replica.")),
            Map.entry(35238, new Entry(16, "Database '%s' cannot be added to availability group '%s'. The database does not exist on this SQL Server instance. Verify that the database name is correct, then retry the operation.")),
            Map.entry(35244, new Entry(16, "Database '%s' cannot be added to availability group '%s'. The database is currently joined to another availability group. Verify that the database name is correct and that the database is not joined to an availability group, then retry the operation.")),
            Map.entry(35249, new Entry(16, "An attempt to add or join a system database, '%s', to an availability group failed. Specify only user databases for this operation.")),
            Map.entry(35277, new Entry(16, "Automatic failover is not supported for distributed availability group replica.")),
            Map.entry(35280, new Entry(16, "Database '%s' cannot be added to availability group '%s'. The database is already joined to the specified availability group. Verify that the database name is correct and that the database is not joined to an availability group, then retry the operation.")),
            Map.entry(35281, new Entry(16, "Database '%s' cannot be removed from availability group '%s'. The database is not joined to the specified availability group. Verify that the database name and the availability group name are correct, then retry the operation.")),
            Map.entry(41042, new Entry(16, "The availability group '%s' already exists. This error could be caused by a previous failed CREATE AVAILABILITY GROUP or DROP AVAILABILITY GROUP operation. If the availability group name you specified is correct, try dropping the availability group and then retry CREATE AVAILABILITY GROUP operation.")),
            Map.entry(41122, new Entry(16, "Cannot failover availability group '%s' to this instance of SQL Server. The local availability replica is already the primary replica of the availability group. To failover this availability group to another instance of SQL Server, run the failover command on that instance of SQL Server. If local instance of SQL Server is intended to host the primary replica of the availability group, then no action is required.")),
            Map.entry(41197, new Entry(15, "The FAILOVER_MODE option has not been specified for the replica '%s'. Reenter the command, specifying a failover mode for the replica.")),
            Map.entry(41198, new Entry(15, "The AVAILABILITY_MODE option has not been specified for the replica '%s'. Reenter the command, specifying an availability mode for the replica.")),
            Map.entry(ISSUER_ALREADY_ADDED, new Entry(16, "The certificate '%s' has been already added as a trusted issuer for DNS name '%s'")));

    /*
     * Choices for the HADR statements (docs/simulator-tsql.md lists them):
     * - 1465 and 1475: Microsoft Learn's table still carries the database-mirroring wording of SQL Server 2008;
     *   1475's text above is what SQL Server 2019 returns when a database without a full backup is added to an
     *   availability group (a dbatools demo script records it). 1465's availability-group wording is UNCONFIRMED.
     * - 2714 for CREATE ENDPOINT with the name of a built-in endpoint: UNCONFIRMED.
     * - 15352 for DROP CERTIFICATE of an endpoint's certificate: DROP CERTIFICATE documents only "certificates can
     *   only be dropped if no entities are associated with them"; the number is UNCONFIRMED.
     * - 19504 for FAILOVER of a distributed group before SQL Server 2022 CU13: documented text, its use for the
     *   build threshold is UNCONFIRMED.
     */

    private ErrorCatalog() {
    }

    public static boolean knows(int number) {
        return MESSAGES.containsKey(number);
    }

    public static int severity(int number) {
        Entry e = MESSAGES.get(number);
        return e == null ? 16 : e.severity;
    }

    /** The text with arguments filled in; a number the twin does not know gets a generic text. */
    public static String text(int number, Object... args) {
        Entry e = MESSAGES.get(number);
        if (e == null) {
            return "Error " + number + " (raised by the SQL Server twin).";
        }
        return args.length == 0 && !e.format.contains("%") ? e.format : String.format(e.format, args);
    }

    /** The text with every argument left empty (a fault plan names only the number). */
    public static String textWithoutArguments(int number) {
        Entry e = MESSAGES.get(number);
        if (e == null) {
            return text(number);
        }
        return e.format.replaceAll("%d", "0").replaceAll("%s", "");
    }

    /** The message SQL Server raises, with its own severity and state 1. */
    public static ServerMessage message(int number, Object... args) {
        return new ServerMessage(number, 1, severity(number), text(number, args), "", 1);
    }
}
