package io.milink.preflight.facts;

import java.util.Objects;

/**
 * Whether milink could connect and log in.
 *
 * @param connected   true when the login succeeded
 * @param failure     why not, when it did not; null when connected
 * @param errorNumber SQL Server's error number when the server answered with one (18456 login failed,
 *                    4060 database unavailable); null otherwise
 * @param detail      the driver's message, without any credential
 */
public record ConnectionOutcome(boolean connected, Failure failure, Integer errorNumber, String detail) {

    /** The kinds of connection failure a DBA fixes in different places. */
    public enum Failure {
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

    public ConnectionOutcome {
        if (connected && failure != null) {
            throw new IllegalArgumentException("a connected outcome has no failure");
        }
        if (!connected) {
            Objects.requireNonNull(failure, "failure");
        }
    }

    public static ConnectionOutcome success() {
        return new ConnectionOutcome(true, null, null, null);
    }

    public static ConnectionOutcome failed(Failure failure, Integer errorNumber, String detail) {
        return new ConnectionOutcome(false, failure, errorNumber, detail);
    }
}
