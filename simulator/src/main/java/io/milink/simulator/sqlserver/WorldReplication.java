package io.milink.simulator.sqlserver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.milink.simulator.link.LinkError;
import io.milink.simulator.link.LinkRefusedException;
import io.milink.simulator.link.LinkSettings;
import io.milink.simulator.link.LinkStatus;
import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.link.SqlServerSide;
import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.state.AvailabilityGroupState;
import io.milink.simulator.sqlserver.state.DistributedReplication;
import io.milink.simulator.sqlserver.state.EndpointState;
import io.milink.simulator.sqlserver.state.HadrException;
import io.milink.simulator.sqlserver.state.InstanceState;
import io.milink.simulator.sqlserver.state.ReplicaState;

/**
 * The SQL Server twin in a link world, both ways: what its T-SQL asks of the replication behind its distributed
 * availability groups ({@link DistributedReplication}), and what the world reads of it ({@link SqlServerSide}).
 * Every call happens under the instance's state lock, which is the world's lock.
 */
final class WorldReplication implements DistributedReplication, SqlServerSide {

    private final SqlServerInstance instance;
    private final LinkWorld world;
    /** Each database's log use before the link held any back, so the world's additions do not compound. */
    private final Map<String, Double> baseLogUsed = new HashMap<>();

    WorldReplication(SqlServerInstance instance, LinkWorld world) {
        this.instance = instance;
        this.world = world;
    }

    private InstanceState state() {
        return instance.state();
    }

    // ------------------------------------------------------------------ DistributedReplication (T-SQL → world)

    @Override
    public void failover(String dagName) {
        refused(() -> world.plannedFailoverFromSqlServer(dagName));
    }

    @Override
    public void forceFailover(String dagName) {
        refused(() -> world.forcedFailoverToSqlServer(dagName));
    }

    @Override
    public void demote(String dagName) {
        refused(() -> world.demoteSqlServer(dagName));
    }

    @Override
    public void modesChanged(String dagName) {
        world.sqlServerModesChanged(dagName);
    }

    @Override
    public void dropped(String dagName) {
        world.sqlServerGroupDropped(dagName);
    }

    @Override
    public boolean isPrimary(String dagName) {
        return world.sqlServerIsPrimary(dagName);
    }

    @Override
    public Optional<LinkStatus> status(String dagName) {
        return world.status(dagName);
    }

    @Override
    public List<LinkStatus> statuses() {
        return world.statuses();
    }

    @Override
    public void refresh() {
        world.statuses();
    }

    /** The world's refusal, as the SQL Server error the statement fails with. */
    private static void refused(Runnable change) {
        try {
            change.run();
        } catch (LinkRefusedException e) {
            LinkError error = e.error();
            throw new HadrException(error.engineNumber(), 16, 1, error.engineText());
        }
    }

    // ------------------------------------------------------------------ SqlServerSide (world → SQL Server)

    @Override
    public String serverName() {
        return instance.identity().serverName();
    }

    @Override
    public String productVersion() {
        return instance.identity().productVersion();
    }

    @Override
    public DistributedGroup distributedGroup(String name) {
        AvailabilityGroupState dag = state().hadr.group(name);
        if (dag == null || !dag.distributed) {
            return null;
        }
        ReplicaState local = dag.localReplica();
        ReplicaState remote = dag.remoteMember();
        if (local == null || remote == null) {
            return null;
        }
        AvailabilityGroupState localGroup = state().hadr.localMemberGroup(dag);
        List<String> databases = localGroup == null ? List.of() : new ArrayList<>(localGroup.databases.keySet());
        return new DistributedGroup(dag.name, member(local), member(remote), databases);
    }

    private static Member member(ReplicaState r) {
        return new Member(r.name, r.endpointUrl, r.availabilityMode == ReplicaState.AvailabilityMode.SYNCHRONOUS_COMMIT);
    }

    @Override
    public MirroringEndpoint mirroringEndpoint() {
        EndpointState e = state().hadr.mirroringEndpoint();
        if (e == null) {
            return null;
        }
        String auth = e.connectionAuthDesc == null ? "" : e.connectionAuthDesc.toUpperCase(Locale.ROOT);
        String algorithm = e.algorithm == null ? "" : e.algorithm.toUpperCase(Locale.ROOT);
        return new MirroringEndpoint(e.name, e.port, e.state == Scenario.EndpointState.STARTED,
                auth.contains("CERTIFICATE"), e.encryption == Scenario.EndpointEncryption.REQUIRED,
                algorithm.contains("AES"), e.certificateName);
    }

    @Override
    public List<Certificate> certificates() {
        List<Certificate> list = new ArrayList<>();
        for (InstanceState.CertificateState c : state().certificates.values()) {
            list.add(new Certificate(c.name, c.der, c.privateKeyEncryption, c.certificate.getNotBefore().toInstant(),
                    c.certificate.getNotAfter().toInstant()));
        }
        return list;
    }

    @Override
    public List<Issuer> issuers() {
        List<Issuer> list = new ArrayList<>();
        for (InstanceState.IssuerRegistration r : state().issuers) {
            InstanceState.CertificateState c = state().certificateById(r.certificateId());
            if (c != null) {
                list.add(new Issuer(c.der, r.dnsName()));
            }
        }
        return list;
    }

    @Override
    public Database database(String name) {
        InstanceState.DatabaseState d = state().database(name);
        if (d == null || d.isSystem()) {
            return null;
        }
        double base = baseLogUsed.computeIfAbsent(InstanceState.key(d.name), k -> d.logUsedPercent);
        return new Database(d.name, (long) d.sizeMb * LinkSettings.MB, Math.round(d.logSizeMb * LinkSettings.MB), base);
    }

    @Override
    public void replicationChanged() {
        // Only the availability group rows draw on the world; the catalog refreshes just those (its "Cost" section).
        state().replicationChanged();
    }

    @Override
    public void setAvailabilityModes(String distributedGroup, boolean synchronousCommit) {
        AvailabilityGroupState dag = state().hadr.group(distributedGroup);
        if (dag == null) {
            return;
        }
        for (ReplicaState r : dag.replicas) {
            r.availabilityMode = synchronousCommit ? ReplicaState.AvailabilityMode.SYNCHRONOUS_COMMIT
                    : ReplicaState.AvailabilityMode.ASYNCHRONOUS_COMMIT;
        }
        state().changed();
    }

    @Override
    public void setLogHeldByReplica(String database, boolean held) {
        InstanceState.DatabaseState d = state().database(database);
        if (d != null && d.logHeldByReplica != held) {
            d.logHeldByReplica = held;
            // sys.databases shows it (log_reuse_wait_desc): a change of the instance's own state, so the catalog
            // refills sys.databases too, not only the availability group tables the link world's moves refill.
            state().changed();
        }
    }

    @Override
    public void setLogUsedPercent(String database, double percent) {
        InstanceState.DatabaseState d = state().database(database);
        if (d != null && d.logUsedPercent != percent) {
            baseLogUsed.computeIfAbsent(InstanceState.key(d.name), k -> d.logUsedPercent);
            d.logUsedPercent = percent;
        }
    }
}
