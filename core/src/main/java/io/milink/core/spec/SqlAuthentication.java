package io.milink.core.spec;

import java.util.Objects;

/** How milink logs in to SQL Server. */
public sealed interface SqlAuthentication {

    /** A SQL Server login; the password comes from a {@link SecretSource}. */
    record SqlLogin(String user, SecretSource password) implements SqlAuthentication {
        public SqlLogin {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }
    }

    /** Windows integrated / Kerberos authentication as the user running milink. */
    record Integrated() implements SqlAuthentication {
    }

    /** Microsoft Entra ID through Azure Identity's default credential chain. */
    record Entra() implements SqlAuthentication {
    }
}
