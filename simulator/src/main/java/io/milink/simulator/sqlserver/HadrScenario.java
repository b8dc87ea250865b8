package io.milink.simulator.sqlserver;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.scenario.ScenarioLoader;
import io.milink.simulator.sqlserver.state.AvailabilityGroupState;
import io.milink.simulator.sqlserver.state.EndpointState;
import io.milink.simulator.sqlserver.state.InstanceState;
import io.milink.simulator.sqlserver.state.ReplicaState;

/** Puts a scenario's {@code endpoints:} and {@code availabilityGroups:} into the instance state, as DDL would. */
final class HadrScenario {

    private HadrScenario() {
    }

    static void load(Scenario.SqlServer scenario, InstanceState state, ServerProperties server, Instant created) {
        for (Scenario.Endpoint e : scenario.endpoints() == null ? List.<Scenario.Endpoint>of() : scenario.endpoints()) {
            EndpointState ep = new EndpointState(e.name(), state.hadr.nextEndpointId());
            ep.port = e.port() == null ? 5022 : e.port();
            ep.state = e.state() == null ? Scenario.EndpointState.STARTED : e.state();
            ep.connectionAuthDesc = EndpointStatements.connectionAuthDesc(Arrays.asList(ScenarioLoader.normalizeSpaces(
                    e.authentication() == null ? "WINDOWS NEGOTIATE" : e.authentication()).split(" ")));
            ep.encryption = e.encryption() == null ? Scenario.EndpointEncryption.REQUIRED : e.encryption();
            ep.algorithm = e.algorithm() == null ? "AES" : ScenarioLoader.normalizeSpaces(e.algorithm());
            ep.certificateName = e.certificate();
            ep.role = e.role() == null ? "ALL" : e.role().toUpperCase(Locale.ROOT);
            state.hadr.endpoints.add(ep);
        }
        for (Scenario.AvailabilityGroup g : scenario.availabilityGroups() == null
                ? List.<Scenario.AvailabilityGroup>of() : scenario.availabilityGroups()) {
            if (Boolean.TRUE.equals(g.distributed())) {
                loadDistributed(g, state, created);
                continue;
            }
            AvailabilityGroupState ag = new AvailabilityGroupState(g.name(), UUID.randomUUID(), false, created);
            ag.clusterType = g.clusterType() != null ? g.clusterType() : server.majorVersion() == 13 ? "WSFC" : "NONE";
            ReplicaState replica = new ReplicaState(UUID.randomUUID(), server.serverName(), true, created);
            EndpointState ep = state.hadr.mirroringEndpoint();
            replica.endpointUrl = "TCP://" + server.machineName().toLowerCase(Locale.ROOT) + ":"
                    + (ep == null ? 5022 : ep.port);
            replica.availabilityMode = ReplicaState.AvailabilityMode.SYNCHRONOUS_COMMIT;
            replica.failoverMode = ReplicaState.FailoverMode.MANUAL;
            replica.seedingMode = ReplicaState.SeedingMode.AUTOMATIC;
            ag.replicas.add(replica);
            for (String db : g.databases() == null ? List.<String>of() : g.databases()) {
                ag.databases.put(state.database(db).name, UUID.randomUUID());
            }
            state.hadr.add(ag);
        }
    }

    private static void loadDistributed(Scenario.AvailabilityGroup g, InstanceState state, Instant created) {
        AvailabilityGroupState dag = new AvailabilityGroupState(g.name(), UUID.randomUUID(), true, created);
        dag.clusterType = "NONE";
        for (Scenario.DistributedMember m : g.members()) {
            AvailabilityGroupState localGroup = state.hadr.group(m.name());
            ReplicaState member = new ReplicaState(UUID.randomUUID(), localGroup == null ? m.name() : localGroup.name,
                    localGroup != null && !localGroup.distributed, created);
            member.endpointUrl = m.listenerUrl();
            member.availabilityMode = m.availabilityMode() == null ? ReplicaState.AvailabilityMode.ASYNCHRONOUS_COMMIT
                    : ReplicaState.AvailabilityMode.valueOf(m.availabilityMode());
            member.failoverMode = ReplicaState.FailoverMode.MANUAL;
            member.seedingMode = m.seedingMode() == null ? ReplicaState.SeedingMode.AUTOMATIC
                    : ReplicaState.SeedingMode.valueOf(m.seedingMode());
            member.sessionTimeout = m.sessionTimeout() == null ? 10 : m.sessionTimeout();
            dag.replicas.add(member);
        }
        state.hadr.add(dag);
    }
}
