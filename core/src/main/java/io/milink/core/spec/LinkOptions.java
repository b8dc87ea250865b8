package io.milink.core.spec;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What milink creates a link with (the spec's {@code link:} section); never null on a loaded spec, where missing
 * fields hold their defaults. Seeding is not an option: ARM accepts only Automatic.
 *
 * @param replicationMode   ASYNC (default) or SYNC
 * @param failoverMode      MANUAL (default: two-way failover where SQL Server supports it) or NONE (one-way)
 * @param partnerEndpoint   how the managed instance reaches SQL Server's mirroring endpoint, normalized to
 *                          {@code TCP://host:port}; null = derived from the SQL Server's host and the endpoint port
 *                          ({@link LinkSpec#partnerEndpoint()})
 * @param certificateExpiry the link certificate's {@code EXPIRY_DATE}; null = two years after it is created
 * @param masterKeyPassword where the password for a new database master key is, when milink must create one; null
 *                          when none was named
 */
public record LinkOptions(ReplicationMode replicationMode, FailoverMode failoverMode, String partnerEndpoint,
                          LocalDate certificateExpiry, SecretSource masterKeyPassword) {

    /**
     * {@code tcp://HOST:PORT}: a DNS name or IPv4 address (underscores allowed, as some internal names have them),
     * or an IPv6 address in brackets. Nothing else: the value goes into the ARM request and into T-SQL.
     */
    private static final Pattern TCP_ENDPOINT = Pattern.compile(
            "(?i)tcp://(\\[[0-9a-f:.]+]|[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?):([0-9]{1,5})");

    public LinkOptions {
        replicationMode = replicationMode == null ? ReplicationMode.ASYNC : replicationMode;
        failoverMode = failoverMode == null ? FailoverMode.MANUAL : failoverMode;
        partnerEndpoint = partnerEndpoint == null ? null : partnerEndpoint(partnerEndpoint, "link.partnerEndpoint");
    }

    /** Everything by default: async, manual failover, the derived endpoint, a two-year certificate. */
    public static LinkOptions defaults() {
        return new LinkOptions(null, null, null, null, null);
    }

    /**
     * @param where the field's path, named in the message
     * @return the endpoint as {@code TCP://host:port}, the form Microsoft's scripts use
     */
    static String partnerEndpoint(String value, String where) {
        Matcher m = TCP_ENDPOINT.matcher(value.trim());
        if (!m.matches()) {
            throw new SpecException(where + ": '" + value + "' is not tcp://HOST:PORT; give the address the managed "
                    + "instance reaches SQL Server's mirroring endpoint at, e.g. TCP://sql01.contoso.local:5022");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65_535) {
            throw new SpecException(where + ": port " + m.group(2) + " is not a TCP port (1-65535)");
        }
        return "TCP://" + m.group(1) + ":" + port;
    }
}
