package io.milink.api.service;

import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.NamedCredential;
import io.milink.api.service.http.RequestRejected;
import io.milink.core.spec.Encryption;
import io.milink.core.spec.LinkNames;
import io.milink.core.spec.SpecException;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.PinnedCertificate;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/**
 * The one place the service turns a request's SQL endpoint ({@code sqlServer}, {@code managedInstance.sql}) and its
 * {@code names} into the spec's targets, for a preflight and a link alike, so both judge the same body the same way:
 * the login by reference to a configured credential (and only to the hosts it allows), the pinned certificate from the
 * certificate directory and checked to be one, the same defaults as a spec file ({@code LinkSpecLoader}). A body the
 * spec's rules refuse is a 400 naming the field.
 */
final class RequestSqlEndpoints {

    /** A request's SQL endpoint and the configured credential it logs in as (named in the operation's description). */
    record Endpoint(SqlServerTarget target, NamedCredential credential) {
    }

    /**
     * What a field's endpoint takes when the body is silent, as the spec's section does.
     *
     * @param host       the host when the body gives none; null makes it required
     * @param port       the port when the body gives neither a port nor an instance
     * @param encryption the {@code encrypt} value when the body gives none
     */
    record Defaults(String host, int port, String encryption) {
        /** {@code sqlServer}: host required, 1433, strict. */
        static final Defaults SQL_SERVER = new Defaults(null, 1433, "strict");
    }

    private final Credentials credentials;
    private final CertificateFiles certificateFiles;

    RequestSqlEndpoints(Credentials credentials, CertificateFiles certificateFiles) {
        this.credentials = credentials;
        this.certificateFiles = certificateFiles;
    }

    /**
     * @param field the body's path, e.g. {@code sqlServer} or {@code managedInstance.sql}, for the 400s
     * @throws RequestRejected naming the field
     */
    Endpoint endpoint(JsonObject body, String field, Defaults defaults) {
        String host = body.getString("host", defaults.host());
        if (host == null || host.isBlank()) {
            throw new RequestRejected("'" + field + ".host' is required" + (defaults.host() == null ? "" : " here")
                    + ": the host name or address milink connects to");
        }
        NamedCredential credential = credential(body.getString("credential"), host, field + ".credential");
        Path certificate = null;
        if (body.getString("serverCertificate") != null) {
            certificate = certificateFiles.resolve(body.getString("serverCertificate"));
            try {
                // Inside the certificate directory, and a certificate: a PEM or DER file, checked before connecting.
                PinnedCertificate.check(certificate, "'" + field + ".serverCertificate'");
            } catch (SpecException e) {
                throw new RequestRejected(e.getMessage());
            }
        }
        Integer port = body.getInteger("port");
        String instance = body.getString("instance");
        try {
            return new Endpoint(new SqlServerTarget(host, port == null && instance == null ? defaults.port() : port,
                    instance, credential.authentication(), encryption(body.getString("encrypt",
                    defaults.encryption())), body.getBoolean("trustServerCertificate", false),
                    body.getString("hostNameInCertificate"), certificate), credential);
        } catch (SpecException e) {
            throw new RequestRejected("'" + e.getMessage().replace("sqlServer", field).replaceFirst(":", "':"));
        }
    }

    /**
     * A configured credential by name, refused when unknown or when it may not be sent to {@code host}.
     *
     * @param field the request's field that names it, for the 400
     */
    NamedCredential credential(String name, String host, String field) {
        NamedCredential credential = credentials.find(name).orElseThrow(() -> new RequestRejected(
                credentials.names().isEmpty()
                        ? "'" + field + "': no credential is configured on this server; add one to the "
                                + "'credentials' section of the service configuration (docs/operations.md)"
                        : "'" + field + "': unknown credential '" + name + "'; the configured credentials "
                                + "are " + String.join(", ", credentials.names())));
        if (!credential.allowsHost(host)) {
            throw new RequestRejected("'" + field + "': credential '" + name + "' may only be sent to "
                    + String.join(", ", credential.hosts()) + ", not " + host + " (credentials." + name
                    + ".hosts in the service configuration)");
        }
        return credential;
    }

    /** The request's {@code names}, as a spec's {@code names:} section; null when it has none. */
    static LinkNames names(JsonObject body) {
        if (body == null) {
            return null;
        }
        return new LinkNames(body.getString("availabilityGroup"), body.getString("distributedAvailabilityGroup"),
                body.getString("instanceAvailabilityGroup"), body.getString("endpoint"),
                body.getInteger("endpointPort"), body.getString("certificate"));
    }

    /** The contract allows strict, true and false; strict is what a spec means by default. */
    private static Encryption encryption(String value) {
        return switch (value) {
            case "true" -> Encryption.TRUE;
            case "false" -> Encryption.FALSE;
            default -> Encryption.STRICT;
        };
    }
}
