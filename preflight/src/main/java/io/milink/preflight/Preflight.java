package io.milink.preflight;

import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.spec.ManagedInstanceTarget;
import io.milink.core.sql.ConnectFailure;
import io.milink.core.sql.SqlConnectException;
import io.milink.core.sql.SqlServerConnector;
import io.milink.preflight.check.CheckCatalog;
import io.milink.preflight.facts.ConnectionOutcome;
import io.milink.netprobe.ProbeReport;
import io.milink.preflight.facts.EndpointFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.ManagedInstanceFacts;
import io.milink.preflight.inventory.ManagedInstanceInventory;
import io.milink.preflight.facts.NetworkFacts;
import io.milink.preflight.facts.NetworkFacts.HostSource;
import io.milink.preflight.inventory.NetworkInventory;
import io.milink.netprobe.Cidr;
import io.milink.netprobe.DnsFacts;
import io.milink.preflight.inventory.InventoryException;
import io.milink.preflight.inventory.InventoryResult;
import io.milink.preflight.inventory.SqlServerInventory;
import io.milink.preflight.report.Report;
import io.milink.preflight.report.Scope;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Readiness end to end: connect, collect the facts in one round trip, run the checks, make the report. A failure to
 * connect or to collect becomes facts too (and an ERROR finding), never an exception: a report always comes back.
 */
public final class Preflight {

    private final CheckCatalog checks;
    private final Clock clock;

    public Preflight(CheckCatalog checks, Clock clock) {
        this.checks = checks;
        this.clock = clock;
    }

    public static Preflight standard() {
        return new Preflight(CheckCatalog.standard(), Clock.systemUTC());
    }

    /** Connects with {@code connector} and collects the facts; the target is named {@code target} in the report. */
    public Facts collect(SqlServerConnector connector, String target, List<String> databases) {
        try (Connection connection = connector.connect()) {
            return SqlServerInventory.collect(connection, target, databases, clock.instant());
        } catch (SqlConnectException e) {
            return failed(target, databases, ConnectionOutcome.failed(e.failure(), e.errorNumber(), e.getMessage()));
        } catch (InventoryException e) {
            return failed(target, databases, ConnectionOutcome.failed(ConnectFailure.OTHER, null,
                    "logged in, but " + e.getMessage()));
        } catch (SQLException e) {
            // Only close() can throw here; the facts were already read.
            return failed(target, databases, ConnectionOutcome.failed(ConnectFailure.OTHER, e.getErrorCode(),
                    e.getMessage()));
        }
    }

    /**
     * As {@link #collect(SqlServerConnector, String, List)}, and when a managed instance is named, also probes the
     * network from this host: the sweep of 5022 and 11000-11999 runs while SQL Server is read, then the SQL Server's
     * endpoint port is probed once its number is known.
     */
    public Facts collect(SqlServerConnector connector, String target, List<String> databases,
                         ManagedInstanceTarget managedInstance, NetworkInventory network) {
        return collect(connector, target, databases, managedInstance, network, null);
    }

    /**
     * Everything: SQL Server, and when given, the network (from this host) and the managed instance (over Azure
     * Resource Manager). The sweep and the ARM reads run while SQL Server is read; none of it runs on an event loop.
     * With no host name to probe ({@code networkTarget} null), the sweep waits for ARM and probes the
     * {@code fullyQualifiedDomainName} it reports: the VNet-local name the link uses (shared/reference/arm-api.md
     * §2.4, mi-link-workflow.md §2.1), so naming the Azure resource alone is enough for the net.* checks.
     * A null {@code network} probes nothing (a rehearsal on twins, whose ARM name is fictitious).
     */
    public Facts collect(SqlServerConnector connector, String target, List<String> databases,
                         ManagedInstanceTarget networkTarget, NetworkInventory network,
                         ManagedInstanceClient managedInstance) {
        if (networkTarget == null && managedInstance == null) {
            return collect(connector, target, databases);
        }
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "milink-preflight-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<ManagedInstanceFacts> arm = managedInstance == null ? null
                    : CompletableFuture.supplyAsync(() -> ManagedInstanceInventory.collect(managedInstance), workers);
            CompletableFuture<ProbedHost> probed = network == null ? CompletableFuture.completedFuture(null)
                    : networkTarget != null
                    ? CompletableFuture.completedFuture(new ProbedHost(networkTarget, HostSource.NAMED))
                    : arm.thenApply(ProbedHost::fromArm);
            CompletableFuture<ProbeReport> sweep = probed.thenApplyAsync(host -> host == null ? null
                    : probe(network, host.target().fqdn()), workers);
            Facts facts = collect(connector, target, databases);
            if (arm != null) {
                facts = facts.withManagedInstance(arm.get());
            }
            ProbedHost host = probed.get();
            if (host != null) {
                ProbeReport toManagedInstance = sweep.get();
                String sqlHost = connector.target().host();
                Integer endpointPort = facts.sqlServer() == null ? null : facts.sqlServer().mirroringEndpoints()
                        .stream().findFirst().map(EndpointFact::port).orElse(null);
                ProbeReport toEndpoint = endpointPort == null ? null : network.probeEndpoint(sqlHost, endpointPort);
                DnsFacts sqlServerDns = network.resolveSqlServer(sqlHost);
                Cidr sqlServerNetwork = NetworkInventory.sqlServerNetwork(sqlServerDns);
                facts = facts.withNetwork(new NetworkFacts(host.target().fqdn(), host.target().subnet(),
                        NetworkInventory.isThisHost(sqlHost), toManagedInstance, toEndpoint, sqlServerDns,
                        sqlServerNetwork == null ? null : sqlServerNetwork.toString(), null, host.source()));
            }
            return facts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while collecting facts", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("collecting facts failed: " + e.getCause(), e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    /** The managed instance name the sweep probes, and where it came from. */
    private record ProbedHost(ManagedInstanceTarget target, HostSource source) {
        /** ARM's name when the instance could be read; null (nothing to probe, net.* SKIP) otherwise. */
        static ProbedHost fromArm(ManagedInstanceFacts facts) {
            return facts.fqdn() == null ? null
                    : new ProbedHost(new ManagedInstanceTarget(facts.fqdn(), null), HostSource.ARM);
        }
    }

    private static ProbeReport probe(NetworkInventory network, String host) {
        try {
            return network.probeManagedInstance(host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * The facts from the text of a DBA's own run of the inventory batch, for a server milink cannot reach; the
     * target is the server's own name. No connection outcome other than success is possible: the batch ran.
     */
    public Facts fromInventoryResults(List<InventoryResult> results, List<String> databases)
            throws InventoryException {
        return SqlServerInventory.fromResults(results, null, databases, clock.instant());
    }

    /**
     * Saved SQL Server facts (a DBA's sqlcmd run of the inventory, {@code --inventory-results}) completed with a live
     * read of the managed instance over ARM: for when milink cannot reach SQL Server but can reach Azure. Blocking.
     */
    public Facts withManagedInstance(Facts sqlServerFacts, ManagedInstanceClient managedInstance) {
        return sqlServerFacts.withManagedInstance(ManagedInstanceInventory.collect(managedInstance));
    }

    /** The report of the whole link for a set of facts: pure, so a saved facts file gives the same report. */
    public Report evaluate(Facts facts) {
        return evaluate(facts, Scope.LINK);
    }

    /** The report for a set of facts in a scope: a check of SQL Server alone leaves the other parts out. */
    public Report evaluate(Facts facts, Scope scope) {
        return Report.of(clock.instant(), facts.target(), checks.evaluate(facts), scope);
    }

    private Facts failed(String target, List<String> databases, ConnectionOutcome outcome) {
        return new Facts(Facts.SCHEMA_VERSION, clock.instant(), target, databases, outcome, null);
    }
}
