package io.milink.api.service.config;

import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A SQL Server login configured on the service under a name, so a request names the credential and never carries
 * a password. A SQL login holds where the password is (an environment variable or a file), never the password; a
 * Windows-integrated (Kerberos) or Entra ID credential logs in as the service's own identity and holds no secret.
 *
 * @param name           what a request's {@code sqlServer.credential} says
 * @param authentication how to log in: a SQL login, integrated, or Entra ID (ActiveDirectoryDefault)
 * @param hosts          the only hosts this credential may be sent to (case-insensitive); empty: any host. Without
 *                       such a list, an operator token can point the service at a server of its choosing and have
 *                       the credential presented to it.
 */
public record NamedCredential(String name, SqlAuthentication authentication, List<String> hosts) {

    public NamedCredential {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authentication, "authentication");
        hosts = List.copyOf(hosts);
    }

    /** A SQL login whose password is read from {@code password} at the moment of connecting. */
    public NamedCredential(String name, String user, SecretSource password, List<String> hosts) {
        this(name, new SqlAuthentication.SqlLogin(user, password), hosts);
    }

    /** The SQL login's user; null for an integrated or Entra credential. */
    public String user() {
        return authentication instanceof SqlAuthentication.SqlLogin login ? login.user() : null;
    }

    /** Where the SQL login's password is; null for an integrated or Entra credential. */
    public SecretSource password() {
        return authentication instanceof SqlAuthentication.SqlLogin login ? login.password() : null;
    }

    /** How it logs in, for events and logs: never a secret or where one is. */
    public String describeMethod() {
        if (authentication instanceof SqlAuthentication.Integrated) {
            return "Windows integrated (Kerberos), as the service's identity";
        }
        if (authentication instanceof SqlAuthentication.Entra) {
            return "Entra ID (ActiveDirectoryDefault), as the service's identity";
        }
        return "SQL login";
    }

    public boolean allowsHost(String host) {
        return hosts.isEmpty() || hosts.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT)
                .equals(host.toLowerCase(Locale.ROOT)));
    }
}
