package io.milink.api.service.config;

import io.milink.core.spec.SecretSource;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A SQL Server login configured on the service under a name, so a request names the credential and never carries
 * a password. It holds where the password is (an environment variable or a file), never the password itself.
 *
 * @param name     what a request's {@code sqlServer.credential} says
 * @param user     the SQL login
 * @param password where the password is read from, at the moment of connecting
 * @param hosts    the only hosts this credential may be sent to (case-insensitive); empty: any host. Without such a
 *                 list, an operator token can point the service at a server of its choosing and have the
 *                 credential presented to it.
 */
public record NamedCredential(String name, String user, SecretSource password, List<String> hosts) {

    public NamedCredential {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        hosts = List.copyOf(hosts);
    }

    public boolean allowsHost(String host) {
        return hosts.isEmpty() || hosts.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT)
                .equals(host.toLowerCase(Locale.ROOT)));
    }
}
