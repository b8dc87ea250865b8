package io.milink.core.sql;

/** Why a connection to SQL Server failed, in the categories a DBA fixes in different places. */
public enum ConnectFailure {
    /** The host name did not resolve. */
    DNS,
    /** The host answered, nothing listens on the port (or a firewall rejected it). */
    REFUSED,
    /** No answer in time: a firewall dropping packets, a wrong address, or a stopped host. */
    TIMEOUT,
    /** TLS negotiation or certificate validation failed. */
    TLS,
    /** The server refused the login (wrong name or password, disabled login, no access to the database). */
    LOGIN_FAILED,
    /** Anything else; the detail says what. */
    OTHER
}
