package io.milink.preflight.facts;

import io.milink.core.sql.ConnectFailure;

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
public record ConnectionOutcome(boolean connected, ConnectFailure failure, Integer errorNumber, String detail) {

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

    public static ConnectionOutcome failed(ConnectFailure failure, Integer errorNumber, String detail) {
        return new ConnectionOutcome(false, failure, errorNumber, detail);
    }
}
