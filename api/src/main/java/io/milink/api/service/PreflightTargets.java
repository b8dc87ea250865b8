package io.milink.api.service;

import io.milink.api.rehearsal.ScenarioArgument;
import io.milink.api.rehearsal.TwinRehearsal;
import io.milink.api.service.config.Credentials;
import io.milink.api.service.config.NamedAzureSignIn;
import io.milink.api.service.config.NamedCredential;
import io.milink.api.service.http.RequestRejected;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.LinkNames;
import io.milink.core.spec.ManagedInstanceTarget;
import io.milink.core.spec.ManagedInstanceTarget.AzureSignIn;
import io.milink.core.spec.SpecException;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.SqlServerConnector;
import io.milink.netprobe.Cidr;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.inventory.NetworkInventory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns an accepted request into the job that collects its facts: a scenario becomes a twin rehearsal, a LinkSpec a
 * connection to the real server with the named credential and, when it names the managed instance's Azure resource,
 * a read of it over Azure Resource Manager signed in as the named (or default) Azure credential. Blocking (it reads
 * scenario files and checks that files exist); a reference that does not resolve is the caller's mistake, a 400 that
 * says what to send.
 */
final class PreflightTargets {

    /**
     * What Azure allows in a subscription id, a resource group name and a managed instance name, together (Microsoft
     * Learn, "Naming rules and restrictions for Azure resources": resource groups take Unicode letters and digits,
     * '_', '-', '.', '(' and ')', up to 90 characters; instance names and GUIDs are narrower).
     */
    private static final Pattern AZURE_NAME = Pattern.compile("[\\p{L}\\p{N}._()-]{1,90}");

    private final Credentials credentials;
    private final ServiceScenarios scenarios;
    private final ArmConnector arm;
    private final AzureSignIns signIns;
    private final RequestSqlEndpoints sqlEndpoints;

    /** The service's Vert.x: the port probes sweep on it instead of starting a Vert.x per preflight. */
    private final Vertx vertx;

    PreflightTargets(Vertx vertx, Credentials credentials, ServiceScenarios scenarios, ArmConnector arm) {
        this(vertx, credentials, scenarios, arm, new CertificateFiles(null));
    }

    /** @param certificateFiles the certificate files a request may name (sqlServer.serverCertificate) */
    PreflightTargets(Vertx vertx, Credentials credentials, ServiceScenarios scenarios, ArmConnector arm,
                     CertificateFiles certificateFiles) {
        this.sqlEndpoints = new RequestSqlEndpoints(credentials, certificateFiles);
        this.vertx = vertx;
        this.credentials = credentials;
        this.scenarios = scenarios;
        this.arm = arm;
        this.signIns = new AzureSignIns(arm, credentials.environment());
    }

    PreflightJobs.Job prepare(PreflightRequest request) {
        if (request instanceof PreflightRequest.Rehearsal rehearsal) {
            return rehearsal(rehearsal);
        }
        return realServer((PreflightRequest.RealServer) request);
    }

    private PreflightJobs.Job rehearsal(PreflightRequest.Rehearsal request) {
        Facts.RequestedNames chosenNames = chosenNames(request);
        ScenarioArgument scenario = scenarios.resolve(request.scenario());
        return new PreflightJobs.Job("twin '" + scenario.displayName() + "'",
                preflight -> withNames(TwinRehearsal.collect(preflight, scenario, request.databases()),
                        chosenNames), request.scope());
    }

    private PreflightJobs.Job realServer(PreflightRequest.RealServer request) {
        RequestSqlEndpoints.Endpoint endpoint = sqlEndpoints.endpoint(request.sqlServer(), "sqlServer",
                RequestSqlEndpoints.Defaults.SQL_SERVER);
        SqlServerTarget target = endpoint.target();
        NamedCredential credential = endpoint.credential();
        ManagedInstanceTarget managedInstance;
        try {
            managedInstance = managedInstance(request.managedInstance());
        } catch (SpecException e) {
            throw new RequestRejected(e.getMessage());
        }
        Facts.RequestedNames chosenNames = chosenNames(request);
        ManagedInstanceRef resource = resource(request.managedInstance());
        if (request.managedInstance() != null && resource == null && managedInstance == null) {
            throw new RequestRejected("'managedInstance' needs its Azure resource (resourceId, or subscriptionId, "
                    + "resourceGroup and name) for the mi.* checks, its fqdn for the net.* checks, or both");
        }
        NamedAzureSignIn azure = resource == null ? null : azureSignIn(request.managedInstance());
        // The password is read from its env var or file only when the job connects, and never kept.
        SqlServerConnector connector = new SqlServerConnector(target, credentials.environment(),
                SqlServerConnector.DEFAULT_LOGIN_TIMEOUT_SECONDS);
        String description = "SQL Server " + target.displayName() + " as credential '" + credential.name() + "'"
                + (credential.user() == null ? " (" + credential.describeMethod() + ")" : "")
                + (resource == null ? "" : " and managed instance " + resource.name() + " over Azure Resource "
                        + "Manager as Azure credential '" + azure.name() + "'");
        // probeNetwork: false probes nothing from here, not even the name ARM reports.
        boolean probe = request.managedInstance() == null
                || request.managedInstance().getBoolean("probeNetwork", true);
        // The ARM client (and its sign-in, which may read a secret's file) is built in the job, on a worker thread.
        return new PreflightJobs.Job(description, preflight -> withNames(preflight.collect(connector,
                target.displayName(), request.databases(), probe ? managedInstance : null,
                probe ? NetworkInventory.standardOn(vertx) : null, armClient(resource, azure)), chosenNames),
                request.scope());
    }

    private static Facts withNames(Facts facts, Facts.RequestedNames names) {
        return names == null ? facts : facts.withRequestedNames(names);
    }

    /**
     * The request's names, checked by the spec's rules against its databases (docs/spec.md, "Names"): the same
     * body a spec file would be refused for is refused here; null when it chose no group name.
     */
    private static Facts.RequestedNames chosenNames(PreflightRequest request) {
        JsonObject body = request.names();
        if (body == null) {
            return null;
        }
        try {
            LinkNames names = RequestSqlEndpoints.names(body);
            names.resolve(request.databases());
            return Facts.RequestedNames.chosenIn(names);
        } catch (SpecException e) {
            throw new RequestRejected("'" + e.getMessage().replaceFirst(":", "':"));
        }
    }

    private ManagedInstanceClient armClient(ManagedInstanceRef resource, NamedAzureSignIn azure) {
        if (resource == null) {
            return null;
        }
        try {
            return arm.connect(resource, azure.signIn(), signIns.credential(azure));
        } catch (IllegalArgumentException e) {
            // The configuration is incomplete (a secret's variable is not set): the operation fails saying so.
            throw new JobFailed("Azure credential '" + azure.name() + "' cannot sign "
                    + "in: " + e.getMessage() + " (azureCredentials." + azure.name() + " in the service configuration)",
                    e);
        }
    }

    /** The managed instance's Azure resource: resourceId, or subscriptionId + resourceGroup + name; or none. */
    static ManagedInstanceRef resource(JsonObject body) {
        // The parts become ARM URL path segments: ManagedInstanceRef allows only the characters Azure allows in
        // these names, so a request cannot steer the URL (no '?', '#', '%', '..'); checked here first to name the
        // field in the 400.
        return namedResource(body);
    }

    private static void checkAzureName(String part, String value) {
        if (value == null || !AZURE_NAME.matcher(value).matches() || value.chars().allMatch(c -> c == '.')) {
            throw new RequestRejected("'managedInstance." + part + "' is not an Azure name; use letters, digits, "
                    + "'-', '_', '.', '(' and ')' only, up to 90 characters");
        }
    }

    private static ManagedInstanceRef namedResource(JsonObject body) {
        if (body == null) {
            return null;
        }
        String resourceId = body.getString("resourceId");
        List<String> parts = List.of("subscriptionId", "resourceGroup", "name");
        List<String> given = parts.stream().filter(body::containsKey).toList();
        if (resourceId != null) {
            if (!given.isEmpty()) {
                throw new RequestRejected("'managedInstance." + given.get(0) + "': give either resourceId or "
                        + "subscriptionId, resourceGroup and name, not both");
            }
            try {
                return ManagedInstanceRef.parse(resourceId);
            } catch (IllegalArgumentException e) {
                throw new RequestRejected("'managedInstance.resourceId': " + e.getMessage());
            }
        }
        if (given.isEmpty()) {
            if (body.containsKey("azureCredential")) {
                throw new RequestRejected("'managedInstance.azureCredential' needs the instance's Azure resource: "
                        + "add managedInstance.resourceId (or subscriptionId, resourceGroup and name)");
            }
            return null;
        }
        if (given.size() < parts.size()) {
            throw new RequestRejected("'managedInstance': give subscriptionId, resourceGroup and name together "
                    + "(or resourceId instead); missing " + String.join(", ", parts.stream()
                    .filter(p -> !given.contains(p)).toList()));
        }
        for (String part : parts) {
            checkAzureName(part, body.getString(part));
        }
        return new ManagedInstanceRef(body.getString("subscriptionId"), body.getString("resourceGroup"),
                body.getString("name"));
    }

    /**
     * The named Azure sign-in; none named: the one configured as "default", else the service's own identity by
     * DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI; docs/azure.md).
     */
    NamedAzureSignIn azureSignIn(JsonObject body) {
        String name = body.getString("azureCredential", NamedAzureSignIn.DEFAULT_NAME);
        Optional<NamedAzureSignIn> configured = credentials.findAzure(name);
        if (configured.isPresent()) {
            return configured.get();
        }
        if (name.equals(NamedAzureSignIn.DEFAULT_NAME)) {
            return new NamedAzureSignIn(NamedAzureSignIn.DEFAULT_NAME, AzureSignIn.DEFAULT);
        }
        throw new RequestRejected(credentials.azureNames().isEmpty()
                ? "'managedInstance.azureCredential': no Azure credential is configured on this server; add one to "
                        + "the 'azureCredentials' section of the service configuration (docs/operations.md), or "
                        + "omit azureCredential for the service's default sign-in"
                : "'managedInstance.azureCredential': unknown Azure credential '" + name + "'; the configured Azure "
                        + "credentials are " + String.join(", ", credentials.azureNames())
                        + " (omit azureCredential for the default sign-in)");
    }

    NamedCredential credential(String name, String host, String field) {
        return sqlEndpoints.credential(name, host, field);
    }

    RequestSqlEndpoints sqlEndpoints() {
        return sqlEndpoints;
    }

    /** The instance's host name and subnet for the network probes; none without an fqdn (the net.* checks SKIP). */
    static ManagedInstanceTarget managedInstance(JsonObject body) {
        if (body == null) {
            return null;
        }
        String subnet = body.getString("subnet");
        if (body.getString("fqdn") == null) {
            if (subnet != null) {
                throw new RequestRejected("'managedInstance.subnet' needs managedInstance.fqdn, the host name the "
                        + "network probes reach");
            }
            return null;
        }
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
