package io.milink.api.service;

import com.azure.core.credential.TokenCredential;
import io.milink.api.link.InstanceSqlTarget;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.NamedAzureSignIn;
import io.milink.api.service.http.RequestRejected;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.core.spec.LinkSpec;
import io.milink.core.spec.ManagedInstanceTarget;
import io.milink.core.spec.SpecException;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.SqlConnectException;
import io.milink.core.sql.SqlServerConnector;
import io.milink.linkmanager.LinkSession;
import io.milink.preflight.Preflight;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.inventory.NetworkInventory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Turns a link request (or the one a registered link was accepted with) into the LinkSpec the link engine works on,
 * with the SQL login and the Azure sign-in the request names from the service's configuration, and opens the two sides
 * a link operation or read works on. Blocking: call on a worker. A reference that does not resolve is the caller's
 * mistake, a 400 that says what to send, as for a preflight.
 */
final class ServiceLinkTargets {

    /**
     * A link request resolved against the configuration.
     *
     * @param request what the journal keeps (the request as accepted, its name filled in)
     * @param spec    what the link engine works on
     */
    record ResolvedLink(String name, LinkRequest request, LinkSpec spec, NamedAzureSignIn azure) {
    }

    /** A managed instance's SQL endpoint inside its virtual network (the public endpoint is 3342). */
    private static final int INSTANCE_SQL_PORT = 1433;

    private final PreflightTargets references;
    private final Credentials credentials;
    private final ArmConnector arm;
    private final AzureSignIns signIns;
    private final Vertx vertx;

    ServiceLinkTargets(Vertx vertx, PreflightTargets references, Credentials credentials, ArmConnector arm) {
        this.vertx = vertx;
        this.references = references;
        this.credentials = credentials;
        this.arm = arm;
        this.signIns = new AzureSignIns(arm, credentials.environment());
    }

    /** @throws RequestRejected naming the field, when a reference does not resolve or the names do not fit */
    ResolvedLink resolve(LinkRequest request) {
        SqlServerTarget target = references.sqlEndpoints().endpoint(request.sqlServer(), "sqlServer",
                RequestSqlEndpoints.Defaults.SQL_SERVER).target();
        JsonObject mi = request.managedInstance();
        ManagedInstanceRef resource = PreflightTargets.resource(mi);
        if (resource == null) {
            throw new RequestRejected("'managedInstance' needs the instance's Azure resource (resourceId, or "
                    + "subscriptionId, resourceGroup and name): the link is made there");
        }
        NamedAzureSignIn azure = references.azureSignIn(mi);
        ManagedInstanceTarget network = PreflightTargets.managedInstance(mi);
        LinkSpec spec;
        try {
            String fqdn = network == null ? null : network.fqdn();
            spec = new LinkSpec(target, request.databases(), RequestSqlEndpoints.names(request.names()),
                    new ManagedInstanceTarget(fqdn, network == null ? null : network.subnet(), resource,
                            azure.signIn(), mi.getBoolean("probeNetwork", true),
                            instanceSql(mi.getJsonObject("sql"), fqdn)),
                    ServiceLinkOptions.from(request.link(), target.host(), credentials, LocalDate.now(ZoneOffset.UTC)));
        } catch (SpecException e) {
            throw new RequestRejected("'" + e.getMessage().replaceFirst(":", "':"));
        }
        String name = request.name() != null ? request.name() : defaultName(spec);
        return new ResolvedLink(name, request.withName(name), spec, azure);
    }

    /**
     * A request that names no link: the link's own name on the instance (its distributed availability group), when it
     * links one database and that name fits a URL path segment.
     */
    private static String defaultName(LinkSpec spec) {
        List<DatabaseLinkNames> links = spec.linkNames();
        String only = links.size() == 1 ? links.get(0).distributedAvailabilityGroup() : null;
        if (only == null || !LinkRequest.NAME.matcher(only).matches()) {
            throw new RequestRejected("'name' is required " + (only == null ? "when a request links " + links.size()
                    + " databases" : "here: the link's name on the instance, " + only + ", is not one a URL carries")
                    + "; name the link (1 to 128 letters, digits, '_', '.' or '-')");
        }
        return only;
    }

    /**
     * The instance's own SQL endpoint ({@code managedInstance.sql}, what reads its backup history before a cutover or
     * a removal removes the link), logged in as a configured credential; null when the request names none. As in a
     * spec: the host defaults to {@code managedInstance.fqdn}, the port to 1433, encryption to true.
     */
    private SqlServerTarget instanceSql(JsonObject body, String fqdn) {
        if (body == null) {
            return null;
        }
        if (body.getString("host") == null && (fqdn == null || fqdn.isBlank())) {
            throw new RequestRejected("'managedInstance.sql.host' is required when managedInstance has no fqdn: "
                    + "give the instance's host name in one of them");
        }
        return references.sqlEndpoints().endpoint(body, "managedInstance.sql",
                new RequestSqlEndpoints.Defaults(fqdn, INSTANCE_SQL_PORT, "true")).target();
    }

    /**
     * Both sides of a link: SQL Server logged in as the configured credential (its password read now, never kept),
     * the managed instance's ARM reads and the link's ARM writes signed in as the configured Azure sign-in.
     *
     * @throws SqlConnectException when SQL Server cannot be reached or refuses the login
     */
    LinkSession open(ResolvedLink link) throws SqlConnectException {
        Connection sql = connector(link).connect();
        try {
            ManagedInstanceRef ref = link.spec().managedInstance().resource();
            TokenCredential credential = signIns.credential(link.azure());
            // With the instance's SQL endpoint when the request names one: a cutover's backup guard reads it.
            return InstanceSqlTarget.attach(new LinkSession(sql, arm.connect(ref, link.azure().signIn(), credential),
                    arm.linkArm(ref, link.azure().signIn(), credential), credentials.environment()), link.spec(),
                    credentials.environment());
        } catch (RuntimeException e) {
            try {
                sql.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Readiness facts of {@code databases}, collected as a preflight of the same LinkSpec would. */
    Facts preflightFacts(ResolvedLink link, LinkSession session, Preflight preflight, List<String> databases) {
        ManagedInstanceTarget mi = link.spec().managedInstance();
        boolean probe = mi.probeNetwork();
        return preflight.collect(connector(link), link.spec().sqlServer().displayName(), databases,
                probe ? mi : null, probe ? NetworkInventory.standardOn(vertx) : null,
                session.instance());
    }

    private SqlServerConnector connector(ResolvedLink link) {
        return new SqlServerConnector(link.spec().sqlServer(), credentials.environment(),
                SqlServerConnector.DEFAULT_LOGIN_TIMEOUT_SECONDS);
    }

    /** Closes a session's SQL Server connection, the one thing in it that needs closing. */
    static void close(LinkSession session) {
        try {
            session.sql().close();
        } catch (SQLException e) {
            // nothing left to do with it
        }
    }
}
