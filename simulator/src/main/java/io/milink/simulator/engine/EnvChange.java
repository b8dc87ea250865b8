package io.milink.simulator.engine;

/** A change of session state that the client must be told about (TDS ENVCHANGE). */
public sealed interface EnvChange {
    /** {@code USE db}, or the login's initial database. */
    record Database(String oldName, String newName) implements EnvChange {}

    /** {@code SET LANGUAGE}, or the login's initial language. */
    record Language(String oldName, String newName) implements EnvChange {}

    /** A transaction began; the client echoes the descriptor in every later request. */
    record BeginTransaction(long descriptor) implements EnvChange {}

    /** The transaction with this descriptor committed. */
    record CommitTransaction(long descriptor) implements EnvChange {}

    /** The transaction with this descriptor rolled back. */
    record RollbackTransaction(long descriptor) implements EnvChange {}
}
