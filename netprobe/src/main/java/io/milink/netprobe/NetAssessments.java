package io.milink.netprobe;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Pure functions from probe results to the verdicts of preflight's network checks ({@code net.dns},
 * {@code net.mirroring}, {@code net.redirect}, {@code net.inbound}, {@code net.endpointListening}; issue 5 §6).
 * Nothing here touches the network: run the probes, save their results (JSON), and assess them any time.
 *
 * <p>A probe from milink's own host tests that host's path, not SQL Server's (reference §2.6). So a sweep run
 * elsewhere than on the SQL Server host gives at most WARN: it is a hint, not proof either way.
 */
public final class NetAssessments {

    public static final String DNS = "net.dns";
    public static final String MIRRORING = "net.mirroring";
    public static final String REDIRECT = "net.redirect";
    public static final String INBOUND = "net.inbound";
    public static final String ENDPOINT_LISTENING = "net.endpointListening";

    private static final PortRange REDIRECT_RANGE = new PortRange(11000, 11999);
    private static final String UCS_CAVEAT = "A TCP connect does not prove the mirroring protocol passes a firewall "
            + "that inspects packets.";

    private NetAssessments() {
    }

    /**
     * {@code net.dns}: the MI name resolves, to a private address, inside the MI subnet when it is known.
     *
     * @param miSubnet the managed instance's subnet, when known
     */
    public static NetAssessment dns(DnsFacts dns, Optional<Cidr> miSubnet) {
        String title = "the managed instance name resolves to its VNet-local address";
        if (!dns.isResolved()) {
            return new NetAssessment(DNS, NetAssessment.Outcome.FAIL, title, "'" + dns.host() + "' does not resolve"
                    + (dns.error() == null ? "" : " (" + dns.error() + ")"), "make the name resolve from the SQL "
                    + "Server host to the managed instance's VNet-local address (DNS forwarding or a hosts entry), "
                    + "or use the address");
        }
        String evidence = "'" + dns.host() + "' resolves to " + dns.addresses().stream()
                .map(a -> a.address() + " (" + a.scope().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")")
                .collect(Collectors.joining(", "));
        ResolvedAddress first = dns.addresses().get(0);
        if (first.scope() == AddressScope.PUBLIC) {
            return new NetAssessment(DNS, NetAssessment.Outcome.FAIL, title, evidence + "; the link works only "
                    + "over the VNet-local endpoint, never a public one " + LearnPages.see(LearnPages.PREPARE),
                    "use the managed "
                    + "instance's VNet-local FQDN (not the .public. one) and make it resolve to the private address "
                    + "through the VPN/ExpressRoute/peering DNS");
        }
        if (miSubnet.isPresent() && !miSubnet.get().contains(first.address())) {
            return new NetAssessment(DNS, NetAssessment.Outcome.WARN, title, evidence + "; " + first.address()
                    + " is outside the managed instance subnet " + miSubnet.get(), "check that the name is the "
                    + "managed instance's and that this host's DNS is the one SQL Server uses");
        }
        return new NetAssessment(DNS, NetAssessment.Outcome.PASS, title, evidence, null);
    }

    /**
     * {@code net.dns} for both names the link needs (mi-link-workflow.md §2.1): the managed instance's, as
     * {@link #dns(DnsFacts, Optional)}, and SQL Server's (the name its endpoint URL gives the managed instance). SQL
     * Server's name must not be a loopback address (the managed instance cannot reach it), should be private (the link
     * runs over VPN, ExpressRoute or peering), and its network must not overlap the managed instance subnet.
     * The finding is the worse of the two.
     *
     * @param sqlServer        what SQL Server's host name resolved to from milink's host; null when not known
     * @param sqlServerNetwork SQL Server's address range: its interface's subnet when milink runs on SQL Server's
     *                         host, else its single address (a /32 or /128)
     */
    public static NetAssessment dns(DnsFacts managedInstance, Optional<Cidr> miSubnet, DnsFacts sqlServer,
                                    Optional<Cidr> sqlServerNetwork) {
        NetAssessment mi = dns(managedInstance, miSubnet);
        if (sqlServer == null) {
            return mi;
        }
        NetAssessment sql = sqlServerDns(sqlServer, miSubnet, sqlServerNetwork);
        // Both parts are PASS, WARN or FAIL, declared in that order of severity.
        NetAssessment.Outcome worst = mi.outcome().compareTo(sql.outcome()) >= 0 ? mi.outcome() : sql.outcome();
        String remedy = java.util.stream.Stream.of(mi.remedy(), sql.remedy()).filter(java.util.Objects::nonNull)
                .collect(Collectors.joining("; "));
        return new NetAssessment(DNS, worst, "the managed instance and SQL Server names resolve to addresses the "
                + "link can use", mi.evidence() + "; SQL Server: " + sql.evidence(), remedy.isEmpty() ? null : remedy);
    }

    private static NetAssessment sqlServerDns(DnsFacts dns, Optional<Cidr> miSubnet, Optional<Cidr> network) {
        String title = "SQL Server's name resolves to an address the managed instance can reach";
        if (!dns.isResolved()) {
            return new NetAssessment(DNS, NetAssessment.Outcome.WARN, title, "'" + dns.host() + "' does not resolve "
                    + "from this host", "the managed instance connects to the name in SQL Server's endpoint URL: "
                    + "give it a name the managed instance's DNS resolves, or SQL Server's private address");
        }
        ResolvedAddress first = dns.addresses().get(0);
        String evidence = "'" + dns.host() + "' resolves to " + dns.addresses().stream()
                .map(a -> a.address() + " (" + a.scope().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")")
                .collect(Collectors.joining(", "));
        if (miSubnet.isPresent() && network.isPresent() && miSubnet.get().overlaps(network.get())) {
            return new NetAssessment(DNS, NetAssessment.Outcome.FAIL, title, evidence + "; SQL Server's network "
                    + network.get() + " overlaps the managed instance subnet " + miSubnet.get(), "the managed "
                    + "instance subnet and the SQL Server network must not overlap "
                    + LearnPages.see(LearnPages.PREPARE) + ": re-address one of them");
        }
        if (first.scope() == AddressScope.LOOPBACK) {
            return new NetAssessment(DNS, NetAssessment.Outcome.WARN, title, evidence + ": a loopback address, "
                    + "which the managed instance cannot reach", "connect with SQL Server's network name, and use "
                    + "that name (or its private address) in the endpoint URL the link gives the managed instance");
        }
        if (first.scope() == AddressScope.PUBLIC) {
            return new NetAssessment(DNS, NetAssessment.Outcome.WARN, title, evidence + ": a public address; the "
                    + "link runs over VPN, ExpressRoute or peering " + LearnPages.see(LearnPages.PREPARE),
                    "use SQL Server's private "
                    + "address, or a name that resolves to it, in the endpoint URL");
        }
        return new NetAssessment(DNS, NetAssessment.Outcome.PASS, title, evidence, null);
    }

    /** {@code net.mirroring}: 5022 to the managed instance (reference §2.2). */
    public static NetAssessment mirroring(ProbeReport sweep, boolean fromSqlServerHost) {
        String title = "TCP 5022 from SQL Server to the managed instance";
        Optional<PortResult> result = sweep.ports().stream().filter(r -> r.port() == 5022).findFirst();
        if (result.isEmpty()) {
            return new NetAssessment(MIRRORING, NetAssessment.Outcome.SKIP, title, "5022 was not probed", null);
        }
        return assessPorts(MIRRORING, title, sweep, List.of(result.get()), fromSqlServerHost);
    }

    /** {@code net.redirect}: 11000–11999 to the managed instance (reference §2.2), every port of the range. */
    public static NetAssessment redirect(ProbeReport sweep, boolean fromSqlServerHost) {
        String title = "TCP 11000-11999 from SQL Server to the managed instance";
        List<PortResult> range = sweep.ports().stream().filter(r -> REDIRECT_RANGE.contains(r.port())).toList();
        if (range.isEmpty()) {
            return new NetAssessment(REDIRECT, NetAssessment.Outcome.SKIP, title, "no port of 11000-11999 was "
                    + "probed", null);
        }
        NetAssessment a = assessPorts(REDIRECT, title, sweep, range, fromSqlServerHost);
        if (range.size() < REDIRECT_RANGE.size() && a.outcome() == NetAssessment.Outcome.PASS) {
            return new NetAssessment(REDIRECT, NetAssessment.Outcome.WARN, title, a.evidence() + "; only "
                    + range.size() + " of the 1,000 redirect ports were probed, and the managed instance may use "
                    + "any of them", "probe the whole range: milink netprobe --ports 11000-11999");
        }
        return a;
    }

    /**
     * {@code net.endpointListening}: SQL Server's mirroring endpoint port accepts connections, and it is the
     * endpoint that answers (issue 5 §5: tie the open port to sys.tcp_endpoints).
     *
     * @param sweep         a sweep of the SQL Server host (ideally from the host itself, as {@code tnc localhost})
     * @param endpointPort  the port of the DATABASE_MIRRORING endpoint in sys.tcp_endpoints; null when none exists
     * @param endpointState its state_desc (STARTED, STOPPED, DISABLED); null when none exists
     */
    public static NetAssessment endpointListening(ProbeReport sweep, Integer endpointPort, String endpointState) {
        String title = "the SQL Server mirroring endpoint accepts connections";
        if (endpointPort == null) {
            return new NetAssessment(ENDPOINT_LISTENING, NetAssessment.Outcome.SKIP, title, "no DATABASE_MIRRORING "
                    + "endpoint exists yet; to test the path before creating one, run 'milink netprobe listen' on "
                    + "the SQL Server host", null);
        }
        Optional<PortResult> result = sweep.ports().stream().filter(r -> r.port() == endpointPort).findFirst();
        if (result.isEmpty()) {
            return new NetAssessment(ENDPOINT_LISTENING, NetAssessment.Outcome.SKIP, title, "the endpoint's port "
                    + endpointPort + " was not probed", null);
        }
        PortResult r = result.get();
        boolean started = "STARTED".equalsIgnoreCase(endpointState);
        String seen = "port " + endpointPort + " on " + probedAddress(sweep) + ": " + r.verdict().word() + " in "
                + millis(r) + "; sys.tcp_endpoints: mirroring endpoint on " + endpointPort + ", " + endpointState;
        if (r.verdict() == ProbeVerdict.OPEN && started) {
            return new NetAssessment(ENDPOINT_LISTENING, NetAssessment.Outcome.PASS, title, seen + ". " + UCS_CAVEAT,
                    null);
        }
        if (r.verdict() == ProbeVerdict.OPEN) {
            return new NetAssessment(ENDPOINT_LISTENING, NetAssessment.Outcome.FAIL, title, seen + ": the endpoint "
                    + "is not started, so another process answers on " + endpointPort, "ALTER ENDPOINT <name> STATE "
                    + "= STARTED, and find what else listens on " + endpointPort + " "
                    + LearnPages.see(LearnPages.TROUBLESHOOT));
        }
        if (!started) {
            return new NetAssessment(ENDPOINT_LISTENING, NetAssessment.Outcome.FAIL, title, seen, "ALTER ENDPOINT "
                    + "<name> STATE = STARTED " + LearnPages.see(LearnPages.TROUBLESHOOT));
        }
        return new NetAssessment(ENDPOINT_LISTENING, NetAssessment.Outcome.FAIL, title, seen + ": the endpoint is "
                + "STARTED but the port does not accept connections", r.verdict() == ProbeVerdict.FILTERED
                ? "allow TCP " + endpointPort + " inbound on the host firewall (New-NetFirewallRule -DisplayName "
                    + "\"Allow TCP " + endpointPort + " inbound\" -Direction Inbound -Profile Any -Action Allow "
                    + "-LocalPort " + endpointPort + " -Protocol TCP) and every firewall in front of SQL Server, from "
                    + "the managed instance subnet " + LearnPages.see(LearnPages.PREPARE)
                : "check the SQL Server error log for the endpoint failing to listen, and that no other process "
                    + "holds " + endpointPort + " " + LearnPages.see(LearnPages.TROUBLESHOOT));
    }

    /**
     * {@code net.inbound}: 5022 from the managed instance side reaches SQL Server, seen by a listener on the SQL
     * Server host.
     *
     * @param session  a listening session, or null when none was run
     * @param miSubnet the managed instance subnet, when known: connections from elsewhere do not count
     */
    public static NetAssessment inbound(ListenReport session, Optional<Cidr> miSubnet) {
        String title = "TCP 5022 from the managed instance to SQL Server";
        if (session == null) {
            return new NetAssessment(INBOUND, NetAssessment.Outcome.SKIP, title, "not tested: run 'milink netprobe "
                    + "listen --output json > inbound.json' on the SQL Server host while the managed instance side "
                    + "connects, then pass it to preflight with --inbound-result inbound.json (or, with an endpoint "
                    + "already, run the documented NetHelper job on the managed instance)", null);
        }
        List<InboundConnection> fromMi = session.connections().stream()
                .filter(c -> miSubnet.map(s -> s.contains(c.address())).orElse(true)).toList();
        String window = "listened on " + session.bindAddress() + ":" + session.port() + " for "
                + session.listenedFor().toSeconds() + " s";
        if (!fromMi.isEmpty()) {
            return new NetAssessment(INBOUND, NetAssessment.Outcome.PASS, title, window + "; connections from "
                    + fromMi.stream().map(InboundConnection::address).distinct().collect(Collectors.joining(", "))
                    + ". " + UCS_CAVEAT, null);
        }
        String evidence = session.anyConnected()
                ? window + "; connections came only from outside the managed instance subnet " + miSubnet.get()
                + ": " + session.connections().stream().map(InboundConnection::address).distinct()
                .collect(Collectors.joining(", "))
                : window + "; nobody connected";
        return new NetAssessment(INBOUND, NetAssessment.Outcome.WARN, title, evidence, "if the managed instance "
                + "side tried during that window, allow TCP " + session.port() + " inbound from the whole managed "
                + "instance subnet on the host firewall and every firewall in front of SQL Server, and outbound on "
                + "the managed instance subnet's NSG " + LearnPages.see(LearnPages.PREPARE));
    }

    private static NetAssessment assessPorts(String id, String title, ProbeReport sweep, List<PortResult> results,
                                             boolean fromSqlServerHost) {
        ProbeSummary summary = ProbeSummary.of(results);
        String vantage = fromSqlServerHost ? "from the SQL Server host" : "from milink's host (not the SQL Server "
                + "host)";
        String evidence = sweep.host() + " (" + probedAddress(sweep) + ") " + vantage + ": "
                + String.join("; ", summary.lines()) + slowest(results);
        if (summary.count(ProbeVerdict.UNRESOLVED) > 0) {
            return new NetAssessment(id, NetAssessment.Outcome.ERROR, title, "'" + sweep.host() + "' does not resolve; "
                    + "nothing was probed", null);
        }
        if (summary.allOpen()) {
            return new NetAssessment(id, fromSqlServerHost ? NetAssessment.Outcome.PASS : NetAssessment.Outcome.WARN,
                    title, evidence + ". " + UCS_CAVEAT, fromSqlServerHost ? null : "confirm from the SQL Server "
                    + "host: run milink there, or the SQL Agent job probe (milink netprobe agent-job)");
        }
        String target = probedAddress(sweep);
        String remedy = summary.notOpen().stream().map(g -> FirewallAdvice.forGroup(g, target)).distinct()
                .collect(Collectors.joining("; "));
        return new NetAssessment(id, fromSqlServerHost ? NetAssessment.Outcome.FAIL : NetAssessment.Outcome.WARN,
                title, evidence, remedy);
    }

    private static String probedAddress(ProbeReport sweep) {
        SweepFacts facts = sweep.summary().sweep();
        if (facts != null && facts.probedAddress() != null) {
            return facts.probedAddress();
        }
        return sweep.addresses().isEmpty() ? sweep.host() : sweep.addresses().get(0);
    }

    private static String slowest(List<PortResult> results) {
        return results.stream().max((a, b) -> Double.compare(a.millis(), b.millis()))
                .map(r -> results.size() == 1 ? " (" + millis(r) + ")" : " (slowest " + r.port() + ": " + millis(r)
                        + ")").orElse("");
    }

    private static String millis(PortResult r) {
        return String.format(Locale.ROOT, "%.1f ms", r.millis());
    }
}
