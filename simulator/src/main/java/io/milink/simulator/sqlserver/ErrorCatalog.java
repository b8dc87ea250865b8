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
            Map.entry(ISSUER_ALREADY_ADDED, new Entry(16, "The certificate '%s' has been already added as a trusted issuer for DNS name '%s'")));

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
