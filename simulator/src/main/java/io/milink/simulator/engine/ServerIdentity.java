package io.milink.simulator.engine;

/**
 * What the protocol layer reports about the instance before any query: PRELOGIN VERSION, LOGINACK, and the
 * collation ENVCHANGE sent at login.
 *
 * @param productVersion e.g. {@code 16.0.4135.4}
 * @param programName    LOGINACK program name, {@code Microsoft SQL Server}
 * @param collation      the server collation name, e.g. {@code SQL_Latin1_General_CP1_CI_AS}
 * @param serverName     {@code @@SERVERNAME}, sent in ERROR/INFO tokens
 */
public record ServerIdentity(String productVersion, String programName, String collation, String serverName) {}
