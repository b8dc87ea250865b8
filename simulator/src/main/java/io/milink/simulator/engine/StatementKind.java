package io.milink.simulator.engine;

/**
 * What a statement was, for the DONE token's command code and row-count semantics: a client reports the row
 * count of INSERT/UPDATE/DELETE as an update count and that of SELECT as rows read.
 */
public enum StatementKind {
    SELECT, INSERT, UPDATE, DELETE, DBCC, EXECUTE, OTHER
}
