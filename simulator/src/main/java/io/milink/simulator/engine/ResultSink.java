package io.milink.simulator.engine;

/**
 * Where the engine writes what a batch produces, in the order the client must see it. Every statement ends with
 * exactly one {@link #statementDone} call; tables, messages and environment changes before it belong to it.
 */
public interface ResultSink {

    void table(ResultTable table);

    void message(ServerMessage message);

    void envChange(EnvChange change);

    /**
     * Ends one statement.
     *
     * @param kind     what the statement was
     * @param rowCount rows selected or affected, or -1 when the statement has no row count
     * @param failed   true when the statement raised an error (the DONE token's ERROR bit)
     */
    void statementDone(StatementKind kind, long rowCount, boolean failed);
}
