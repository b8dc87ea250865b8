package io.milink.core.sql;

import java.sql.SQLException;

/**
 * A connection to SQL Server that failed, classified. The message is the driver's, which never contains the
 * password.
 */
public final class SqlConnectException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ConnectFailure failure;
    private final Integer errorNumber;

    public SqlConnectException(ConnectFailure failure, Integer errorNumber, String message, SQLException cause) {
        super(message, cause);
        this.failure = failure;
        this.errorNumber = errorNumber;
    }

    public ConnectFailure failure() {
        return failure;
    }

    /** SQL Server's error number when the server answered with one (18456, 4060, ...), else null. */
    public Integer errorNumber() {
        return errorNumber;
    }
}
