package io.milink.preflight.check.net;

import io.milink.netprobe.Cidr;
import io.milink.netprobe.NetAssessment;
import io.milink.netprobe.NetAssessments;
import io.milink.preflight.check.Check;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Remediation;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.EndpointFact;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.NetworkFacts;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code net.*} checks: netprobe's pure assessments of the probes milink ran from its host
 * (docs/network.md), as findings. Without a managed instance named there is nothing to probe: SKIP, saying how to
 * name one.
 */
public final class NetworkCheck implements Check {

    /** The checks whose evidence is about the managed instance's name (the others are about SQL Server's side). */
    private static final Set<String> PROBE_THE_MANAGED_INSTANCE_NAME = Set.of(NetAssessments.DNS,
            NetAssessments.MIRRORING, NetAssessments.REDIRECT);

    private final String id;
    private final String title;
    private final Function<Facts, NetAssessment> assessment;

    private NetworkCheck(String id, String title, Function<Facts, NetAssessment> assessment) {
        this.id = id;
        this.title = title;
        this.assessment = assessment;
    }

    public static List<Check> all() {
        return List.of(
                new NetworkCheck(NetAssessments.DNS, "Managed instance and SQL Server names resolve to usable "
                        + "addresses", f -> NetAssessments.dns(f.network().toManagedInstance().dns(),
                        subnet(f.network()), f.network().sqlServerDns(), sqlServerNetwork(f.network()))),
                new NetworkCheck(NetAssessments.MIRRORING, "Port 5022 reachable to the managed instance",
                        f -> NetAssessments.mirroring(f.network().toManagedInstance(), f.network().fromSqlServerHost())),
                new NetworkCheck(NetAssessments.REDIRECT, "Ports 11000-11999 reachable to the managed instance",
                        f -> NetAssessments.redirect(f.network().toManagedInstance(), f.network().fromSqlServerHost())),
                new NetworkCheck(NetAssessments.ENDPOINT_LISTENING, "SQL Server mirroring endpoint accepts connections",
                        NetworkCheck::endpointListening),
                // An inbound test needs a listener on the SQL Server host while the managed instance side connects
                // (milink netprobe listen --output json); preflight assesses a saved session (--inbound-result).
                new NetworkCheck(NetAssessments.INBOUND, "Port 5022 reachable from the managed instance",
                        f -> NetAssessments.inbound(f.network().inbound(), subnet(f.network()))));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Finding> evaluate(Facts facts) {
        if (facts.network() == null) {
            return List.of(new Finding(id, Status.SKIP, facts.target(), title, noHostReason(facts), null));
        }
        NetAssessment a = assessment.apply(facts);
        return List.of(new Finding(id, Status.valueOf(a.outcome().name()), facts.target(), title,
                PROBE_THE_MANAGED_INSTANCE_NAME.contains(id) ? a.evidence() + hostOrigin(facts.network())
                        : a.evidence(),
                a.remedy() == null ? null : Remediation.manual(a.remedy())));
    }

    /**
     * Why nothing was probed: no managed instance at all; one whose name ARM could not give; or one whose name ARM
     * gave but milink did not probe (a rehearsal on twins, or SQL Server facts from a saved sqlcmd run).
     */
    private static String noHostReason(Facts facts) {
        var mi = facts.managedInstance();
        if (mi == null) {
            return "no managed instance named: pass --mi RESOURCE_ID (its name then comes from Azure Resource "
                    + "Manager) or --mi-host FQDN (or managedInstance.fqdn in the spec) to probe the network";
        }
        if (mi.fqdn() != null) {
            return "not probed here (a rehearsal on twins, a saved sqlcmd inventory, or a spec's managedInstance."
                    + "probeNetwork: false): to test it, run milink "
                    + "preflight on the SQL Server host with --mi-host " + mi.fqdn() + ", or milink netprobe there";
        }
        return "Azure Resource Manager gave no host name for the managed instance ("
                + (mi.read() ? "none in its properties" : "its read failed, see mi.exists")
                + "): pass --mi-host FQDN (or managedInstance.fqdn in the spec) to probe the network";
    }

    /** A name milink took from ARM is said so, so the reader knows which name was probed and why. */
    private static String hostOrigin(NetworkFacts network) {
        return network.hostSource() != NetworkFacts.HostSource.ARM ? ""
                : " [managed instance name " + network.managedInstanceHost() + " as Azure Resource Manager reported it "
                + "(fullyQualifiedDomainName, the VNet-local name the link uses); --mi-host overrides it]";
    }

    private static NetAssessment endpointListening(Facts facts) {
        Optional<EndpointFact> endpoint = facts.sqlServer() == null ? Optional.empty()
                : facts.sqlServer().mirroringEndpoints().stream().findFirst();
        return NetAssessments.endpointListening(facts.network().toSqlServerEndpoint(),
                endpoint.map(EndpointFact::port).orElse(null), endpoint.map(EndpointFact::state).orElse(null));
    }

    private static Optional<Cidr> sqlServerNetwork(NetworkFacts network) {
        return network.sqlServerNetwork() == null ? Optional.empty()
                : Optional.of(Cidr.parse(network.sqlServerNetwork()));
    }

    private static Optional<Cidr> subnet(NetworkFacts network) {
        return network.managedInstanceSubnet() == null ? Optional.empty()
                : Optional.of(Cidr.parse(network.managedInstanceSubnet()));
    }
}
