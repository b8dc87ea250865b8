package io.milink.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** A link command's SQL Server connection is closed whatever stops the ARM side from being made. */
class LinkTargetsTest {

    private static Connection connection(AtomicBoolean closed) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closed.set(true);
                    }
                    return null;
                });
    }

    @Test
    void anUnexpectedFailureMakingTheArmClientsClosesTheConnection() {
        AtomicBoolean closed = new AtomicBoolean();
        assertThatThrownBy(() -> LinkTargets.withInstance(null, connection(closed), sql -> {
            throw new IllegalStateException("cannot build a TLS context from the trust store");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(closed).isTrue();
    }

    @Test
    void anIncompleteSignInIsAUserErrorAndClosesTheConnection() {
        AtomicBoolean closed = new AtomicBoolean();
        assertThatThrownBy(() -> LinkTargets.withInstance(null, connection(closed), sql -> {
            throw new IllegalArgumentException("service-principal needs a client id");
        })).isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageContaining("managedInstance.azureAuth: service-principal needs a client id");
        assertThat(closed).isTrue();
    }
}
