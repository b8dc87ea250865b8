package io.milink.simulator.engine;

/** One SQL Server instance as the protocol layer sees it: an identity and a way to log in. Thread-safe. */
public interface TsqlEngine {

    ServerIdentity identity();

    /**
     * Checks the login and opens a session in its initial database.
     *
     * @throws LoginFailedException with SQL Server's messages (18456 for a wrong name or password, 4060 then
     *                              18456 for a database that does not exist or cannot be opened)
     */
    EngineSession login(LoginRequest request) throws LoginFailedException;
}
