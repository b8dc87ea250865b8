package io.milink.certs;

import java.util.Locale;
import java.util.Objects;

/**
 * Which host names a trusted-issuer registration ({@code sp_certificate_add_issuer @certificate_id, @dns_name})
 * covers. Microsoft's link scripts register the Azure roots for {@code *.database.windows.net} and that is what
 * lets SQL Server trust an instance named {@code sqlmi1.73d19f36a420a.database.windows.net}: two labels sit in
 * front of the suffix, so the wildcard must stand for any number of leading labels, not exactly one as in TLS
 * (managed-instance-link-configure-how-to-scripts.md, "Import Azure-trusted root certificate authority keys";
 * mi-link-workflow.md section 1.8). Matching ignores case, as DNS does.
 */
public final class IssuerDnsName {

    private IssuerDnsName() {
    }

    /**
     * Whether a registration for {@code registered} ({@code *.suffix} or an exact name) covers {@code host}. A
     * missing registration name covers nothing.
     */
    public static boolean covers(String registered, String host) {
        Objects.requireNonNull(host, "host");
        if (registered == null) {
            return false;
        }
        String pattern = registered.strip().toLowerCase(Locale.ROOT);
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (pattern.startsWith("*.")) {
            String suffix = pattern.substring(1);
            return name.endsWith(suffix) && name.length() > suffix.length();
        }
        return pattern.equals(name);
    }
}
