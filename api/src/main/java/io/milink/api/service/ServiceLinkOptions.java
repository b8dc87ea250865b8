package io.milink.api.service;

import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.NamedSecret;
import io.milink.api.service.http.RequestRejected;
import io.milink.core.spec.FailoverMode;
import io.milink.core.spec.LinkOptions;
import io.milink.core.spec.ReplicationMode;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The {@code link} section of {@code POST /v1/links}: how the links are created, with the meaning and defaults of a
 * spec's {@code link:} section (docs/spec.md, Link). The contract has checked its shape (the modes' values, the
 * fields allowed); what it cannot say is checked here. The master key's password is named by reference, a secret
 * configured on the service ({@code secrets:}), as a SQL login is: a request never carries a secret nor says where the
 * service keeps one.
 */
final class ServiceLinkOptions {

    private ServiceLinkOptions() {
    }

    /**
     * What only a new request is checked for: a {@code certificateExpiry} later than today. A registered link keeps
     * the date it was accepted with (its certificate made, or to be made, with it) and stays usable after that day.
     *
     * @throws RequestRejected naming the field
     */
    static void checkNew(JsonObject link, LocalDate today) {
        LocalDate expiry = link == null ? null : certificateExpiry(link.getString("certificateExpiry"), today);
        if (expiry != null && !expiry.isAfter(today)) {
            throw new RequestRejected("'link.certificateExpiry': " + expiry + " is not in the future (today is "
                    + today + "); give a later date, or leave it out for two years after the certificate is created");
        }
    }

    /**
     * @param link    the contract-valid {@code link} object, or null (every default)
     * @param sqlHost the SQL Server the master key's password would be sent to, for the secret's {@code hosts}
     * @param today   for the message of a date that does not parse
     * @return the options, or null for the defaults
     * @throws RequestRejected naming the field
     */
    static LinkOptions from(JsonObject link, String sqlHost, Credentials credentials, LocalDate today) {
        if (link == null) {
            return null;
        }
        String replication = link.getString("replicationMode");
        String failover = link.getString("failoverMode");
        return new LinkOptions(
                replication == null ? null : replication.equals("sync") ? ReplicationMode.SYNC : ReplicationMode.ASYNC,
                failover == null ? null : failover.equals("none") ? FailoverMode.NONE : FailoverMode.MANUAL,
                link.getString("partnerEndpoint"), certificateExpiry(link.getString("certificateExpiry"), today),
                masterKeySecret(link.getString("masterKeySecret"), sqlHost, credentials));
    }

    private static LocalDate certificateExpiry(String text, LocalDate today) {
        if (text == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new RequestRejected("'link.certificateExpiry': '" + text + "' is not a date; write it as "
                    + "YYYY-MM-DD, e.g. " + today.plusYears(2) + ", or leave it out for two years after the "
                    + "certificate is created");
        }
        return date;
    }

    private static io.milink.core.spec.SecretSource masterKeySecret(String name, String sqlHost,
                                                                   Credentials credentials) {
        if (name == null) {
            return null;
        }
        NamedSecret secret = credentials.findSecret(name).orElseThrow(() -> new RequestRejected(
                credentials.secretNames().isEmpty()
                        ? "'link.masterKeySecret': no secret is configured on this server; add one to the 'secrets' "
                                + "section of the service configuration (docs/operations.md), or leave "
                                + "masterKeySecret out when SQL Server has a database master key"
                        : "'link.masterKeySecret': unknown secret '" + name + "'; the configured secrets are "
                                + String.join(", ", credentials.secretNames())));
        if (!secret.allowsHost(sqlHost)) {
            throw new RequestRejected("'link.masterKeySecret': secret '" + name + "' may only be sent to "
                    + String.join(", ", secret.hosts()) + ", not " + sqlHost + " (secrets." + name
                    + ".hosts in the service configuration)");
        }
        return new io.milink.core.spec.SecretSource.Named(name, secret.source());
    }
}
