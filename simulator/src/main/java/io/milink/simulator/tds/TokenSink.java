package io.milink.simulator.tds;

import io.milink.simulator.engine.EnvChange;
import io.milink.simulator.engine.ResultSink;
import io.milink.simulator.engine.ResultTable;
import io.milink.simulator.engine.ServerMessage;
import io.milink.simulator.engine.StatementKind;

/**
 * Turns the engine's results into tokens (tds-protocol.md §5.3–5.5). Statements of a SQL_BATCH end with DONE;
 * statements run inside an RPC end with DONEINPROC (§5.4).
 */
final class TokenSink implements ResultSink {
    private final TokenWriter out;
    private final int doneToken;
    private boolean tokensSinceDone;
    private boolean anyFailed;
    private int statements;

    TokenSink(TokenWriter out, int doneToken) {
        this.out = out;
        this.doneToken = doneToken;
    }

    @Override
    public void table(ResultTable table) {
        out.columnMetadata(table.columns());
        for (Object[] row : table.rows()) {
            out.row(table.columns(), row);
        }
        tokensSinceDone = true;
    }

    @Override
    public void message(ServerMessage message) {
        out.message(message);
        tokensSinceDone = true;
    }

    @Override
    public void envChange(EnvChange change) {
        // Pattern matching for switch is not final in Java 17, hence the instanceof chain.
        if (change instanceof EnvChange.Database d) {
            out.envChangeString(TokenWriter.ENV_DATABASE, d.newName(), d.oldName());
        } else if (change instanceof EnvChange.Language l) {
            out.envChangeString(TokenWriter.ENV_LANGUAGE, l.newName(), l.oldName());
        } else if (change instanceof EnvChange.BeginTransaction b) {
            out.envChangeTransaction(TokenWriter.ENV_BEGIN_TRAN, b.descriptor());
        } else if (change instanceof EnvChange.CommitTransaction c) {
            out.envChangeTransaction(TokenWriter.ENV_COMMIT_TRAN, c.descriptor());
        } else if (change instanceof EnvChange.RollbackTransaction r) {
            out.envChangeTransaction(TokenWriter.ENV_ROLLBACK_TRAN, r.descriptor());
        }
        tokensSinceDone = true;
    }

    @Override
    public void statementDone(StatementKind kind, long rowCount, boolean failed) {
        int status = (rowCount >= 0 ? TokenWriter.DONE_COUNT : 0) | (failed ? TokenWriter.DONE_ERROR : 0);
        out.done(doneToken, status, TokenWriter.curCmd(kind), rowCount);
        tokensSinceDone = false;
        anyFailed |= failed;
        statements++;
    }

    /**
     * A SQL_BATCH reply must end with DONE even when the batch was empty or the engine left tokens without
     * ending their statement.
     */
    void closeBatch() {
        if (statements == 0 || tokensSinceDone) {
            out.done(TokenWriter.DONE, anyFailed ? TokenWriter.DONE_ERROR : 0, 0, 0);
        }
    }

    boolean anyFailed() {
        return anyFailed;
    }
}
