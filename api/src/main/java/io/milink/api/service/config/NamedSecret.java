package io.milink.api.service.config;

import io.milink.core.spec.SecretSource;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A secret configured on the service under a name ({@code secrets:} in its configuration), so a request names it and
 * never carries it: today the password of the database master key a link creation makes on SQL Server when it has
 * none ({@code link.masterKeySecret}). It holds where the secret is, never the secret.
 *
 * @param name   what a request says
 * @param source the environment variable or file the secret is read from when it is used
 * @param hosts  the only SQL Server hosts it may be sent to (case-insensitive); empty: any host. Without such a list
 *               an operator token can have the service send it to a server of its choosing.
 */
public record NamedSecret(String name, SecretSource source, List<String> hosts) {

    public NamedSecret {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        hosts = List.copyOf(hosts);
    }

    public boolean allowsHost(String host) {
        return hosts.isEmpty() || hosts.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT)
                .equals(host.toLowerCase(Locale.ROOT)));
    }
}
