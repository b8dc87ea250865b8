package io.milink.simulator.sqlserver;

import io.milink.simulator.engine.ServerMessage;

/**
 * A T-SQL error on its way to the sink (never to the client as a Java exception), with how far it reaches: the
 * statement only, the rest of the batch, or the whole batch before anything ran (a compile error).
 */
public final class TsqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Scope { STATEMENT, BATCH, COMPILE }

    private final transient ServerMessage serverMessage;
    private final Scope scope;

    public TsqlException(ServerMessage message, Scope scope) {
        super(message.number() + ": " + message.text(), null, false, false);
        this.serverMessage = message;
        this.scope = scope;
    }

    public static TsqlException statement(int number, Object... args) {
        return new TsqlException(ErrorCatalog.message(number, args), Scope.STATEMENT);
    }

    public static TsqlException batch(int number, Object... args) {
        return new TsqlException(ErrorCatalog.message(number, args), Scope.BATCH);
    }

    public static TsqlException compile(int number, Object... args) {
        return new TsqlException(ErrorCatalog.message(number, args), Scope.COMPILE);
    }

    public static TsqlException syntaxNear(String token) {
        return compile(102, token);
    }

    /**
     * Valid T-SQL the twin does not model. Number 50000 (RAISERROR's user-message number, so no real SQL Server
     * error is impersonated) and a text that says plainly it is the twin's limitation; wrong T-SQL gets SQL
     * Server's own number instead (102, 156, 208, 343, 2812, …).
     */
    public static TsqlException notSupported(String what) {
        return new TsqlException(new ServerMessage(ErrorCatalog.NOT_SUPPORTED, 1, 16, notSupportedText(what), "", 1),
                Scope.STATEMENT);
    }

    /** The text of every twin-limitation error: never mistaken for a SQL Server message. */
    private static String notSupportedText(String what) {
        return "The SQL Server twin does not support this statement: " + what + ". It is valid T-SQL that the twin "
                + "does not model (a limitation of the twin, not a SQL Server error; see docs/simulator-tsql.md).";
    }

    /** The same error as a compile error of the whole batch. */
    public TsqlException asCompile() {
        return new TsqlException(serverMessage, Scope.COMPILE);
    }

    public ServerMessage serverMessage() {
        return serverMessage;
    }

    public Scope scope() {
        return scope;
    }

    public TsqlException atLine(int line) {
        ServerMessage m = serverMessage;
        return new TsqlException(new ServerMessage(m.number(), m.state(), m.severity(), m.text(), m.procedure(), line),
                scope);
    }
}
