package io.milink.api.service;

import io.milink.api.cli.ScenarioArgument;
import io.milink.api.cli.TwinRehearsal;
import io.milink.api.cli.UserError;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.NamedCredential;
import io.milink.api.service.http.RequestRejected;
import io.milink.core.spec.Encryption;
import io.milink.core.spec.ManagedInstanceTarget;
import io.milink.core.spec.SpecException;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.SqlServerConnector;
import io.milink.netprobe.Cidr;
import io.milink.preflight.inventory.NetworkInventory;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns an accepted request into the job that collects its facts: a scenario becomes a twin rehearsal, a LinkSpec a
 * connection to the real server with the named credential. Blocking (it reads scenario files and checks that files
 * exist); a reference that does not resolve is the caller's mistake, a 400 that says what to send.
 */
final class PreflightTargets {

    private final Credentials credentials;

    PreflightTargets(Credentials credentials) {
        this.credentials = credentials;
    }

    PreflightJobs.Job prepare(PreflightRequest request) {
        if (request instanceof PreflightRequest.Rehearsal rehearsal) {
            return rehearsal(rehearsal);
        }
        return realServer((PreflightRequest.RealServer) request);
    }

    private static PreflightJobs.Job rehearsal(PreflightRequest.Rehearsal request) {
        ScenarioArgument scenario;
        try {
            scenario = ScenarioArgument.resolve(request.scenario());
        } catch (UserError e) {
            throw new RequestRejected(e.getMessage());
        }
        return new PreflightJobs.Job("twin '" + scenario.displayName() + "'",
                preflight -> TwinRehearsal.collect(preflight, scenario, request.databases()));
    }

    private PreflightJobs.Job realServer(PreflightRequest.RealServer request) {
        JsonObject body = request.sqlServer();
        String host = body.getString("host");
        NamedCredential credential = credential(body.getString("credential"), host);
        Encryption encryption = switch (body.getString("encrypt", "strict")) {
            case "true" -> Encryption.TRUE;
            case "false" -> Encryption.FALSE;
            default -> Encryption.STRICT;
        };
        Path certificate = null;
        if (body.getString("serverCertificate") != null) {
            certificate = Path.of(body.getString("serverCertificate"));
            if (!Files.isReadable(certificate)) {
                throw new RequestRejected("'sqlServer.serverCertificate': the service cannot read "
                        + body.getString("serverCertificate") + "; name a PEM or DER file on the server");
            }
        }
        Integer port = body.getInteger("port");
        String instance = body.getString("instance");
        SqlServerTarget target;
        ManagedInstanceTarget managedInstance;
        try {
            target = new SqlServerTarget(host, port == null && instance == null ? 1433 : port, instance,
                    new SqlAuthentication.SqlLogin(credential.user(), credential.password()), encryption,
                    body.getBoolean("trustServerCertificate", false), body.getString("hostNameInCertificate"),
                    certificate);
            managedInstance = managedInstance(request.managedInstance());
        } catch (SpecException e) {
            throw new RequestRejected(e.getMessage());
        }
        // The password is read from its env var or file only when the job connects, and never kept.
        SqlServerConnector connector = new SqlServerConnector(target, credentials.environment(),
                SqlServerConnector.DEFAULT_LOGIN_TIMEOUT_SECONDS);
        return new PreflightJobs.Job("SQL Server " + target.displayName() + " as credential '" + credential.name()
                + "'", preflight -> preflight.collect(connector, target.displayName(), request.databases(),
                managedInstance, NetworkInventory.standard(), null));
    }

    private NamedCredential credential(String name, String host) {
        NamedCredential credential = credentials.find(name).orElseThrow(() -> new RequestRejected(
                credentials.names().isEmpty()
                        ? "'sqlServer.credential': no credential is configured on this server; add one to the "
                                + "'credentials' section of the service configuration (docs/operations.md)"
                        : "'sqlServer.credential': unknown credential '" + name + "'; the configured credentials "
                                + "are " + String.join(", ", credentials.names())));
        if (!credential.allowsHost(host)) {
            throw new RequestRejected("'sqlServer.credential': credential '" + name + "' may only be sent to "
                    + String.join(", ", credential.hosts()) + ", not " + host + " (credentials." + name
                    + ".hosts in the service configuration)");
        }
        return credential;
    }

    private static ManagedInstanceTarget managedInstance(JsonObject body) {
        if (body == null) {
            return null;
        }
        String subnet = body.getString("subnet");
        if (subnet != null) {
            try {
                Cidr.parse(subnet);
            } catch (IllegalArgumentException e) {
                throw new RequestRejected("'managedInstance.subnet': " + e.getMessage());
            }
        }
        return new ManagedInstanceTarget(body.getString("fqdn"), subnet);
    }
}
