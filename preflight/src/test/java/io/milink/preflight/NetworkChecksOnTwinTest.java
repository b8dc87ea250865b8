package io.milink.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.core.spec.ManagedInstanceTarget;
import io.milink.netprobe.AddressScope;
import io.milink.netprobe.InboundConnection;
import io.milink.netprobe.ListenReport;
import io.milink.netprobe.PortSet;
import io.milink.netprobe.ProbeOptions;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.FactsJson;
import io.milink.preflight.inventory.NetworkInventory;
import io.milink.preflight.report.Report;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.SqlServerTwin;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The net.* checks on real probes, loopback only: the "managed instance" is 127.0.0.1, the SQL Server a twin on this
 * host, so milink probes from the SQL Server's own host.
 */
class NetworkChecksOnTwinTest {

    private static final NetworkInventory FAST = new NetworkInventory(PortSet.linkDefault(),
            new ProbeOptions(Duration.ofMillis(500), 1_024));

    @TempDir
    Path dir;

    private Facts collect(ManagedInstanceTarget managedInstance) throws Exception {
        return collect(BuiltInScenarios.yaml("ready-2022"), managedInstance);
    }

    private Facts collect(String scenarioYaml, ManagedInstanceTarget managedInstance) throws Exception {
        try (SqlServerTwin twin = TwinConnectors.twin().scenarioYaml(scenarioYaml, "edited ready-2022").start()) {
            return Preflight.standard().collect(TwinConnectors.sysadmin(twin, dir), "SQL22", List.of("Sales"),
                    managedInstance, FAST);
        }
    }

    private static Finding finding(Report report, String id) {
        return report.findings().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void withoutAManagedInstanceTheNetworkChecksSkipAndSayHowToNameOne() throws Exception {
        Report report = Preflight.standard().evaluate(collect(null));
        for (String id : List.of("net.dns", "net.mirroring", "net.redirect", "net.endpointListening", "net.inbound")) {
            assertThat(finding(report, id).status()).as(id).isEqualTo(Status.SKIP);
            assertThat(finding(report, id).evidence()).contains("--mi-host");
        }
    }

    @Test
    void closedPortsFailAndTheFactsFileKeepsTheProbes() throws Exception {
        Facts facts = collect(new ManagedInstanceTarget("127.0.0.1", null));
        assertThat(facts.network().fromSqlServerHost()).isTrue();
        assertThat(facts.network().toManagedInstance().ports()).hasSize(1_001);
        Report report = Preflight.standard().evaluate(facts);
        assertThat(finding(report, "net.redirect").status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "net.redirect").remediation()).isNotNull();
        assertThat(finding(report, "net.inbound").status()).isEqualTo(Status.SKIP);

        Facts back = FactsJson.read(FactsJson.write(facts));
        assertThat(back).isEqualTo(facts);
        assertThat(Preflight.standard().evaluate(back).findings()).isEqualTo(report.findings());
    }

    @Test
    void aListenerOnTheMirroringPortPassesMirroringAndTheEndpointCheck() throws Exception {
        ServerSocket listener;
        try {
            listener = new ServerSocket(5022, 50, InetAddress.getLoopbackAddress());
        } catch (BindException e) {
            Assumptions.abort("port 5022 is taken on this machine: " + e.getMessage());
            return;
        }
        try (listener) {
            Report report = Preflight.standard().evaluate(collect(new ManagedInstanceTarget("127.0.0.1", null)));
            assertThat(finding(report, "net.mirroring").status()).as(finding(report, "net.mirroring").evidence())
                    .isEqualTo(Status.PASS);
            // ready-2022's endpoint is STARTED on 5022, and 5022 answers.
            assertThat(finding(report, "net.endpointListening").status())
                    .as(finding(report, "net.endpointListening").evidence()).isEqualTo(Status.PASS);
        }
    }

    /** ready-2022 with its mirroring endpoint on {@code port} in {@code state}. */
    private static String endpointOn(int port, String state) {
        String yaml = BuiltInScenarios.yaml("ready-2022");
        String original = "port: 5022, state: STARTED";
        assertThat(yaml).contains(original);
        return yaml.replace(original, "port: " + port + ", state: " + state);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void anUnresolvableManagedInstanceNameFailsDnsAndSqlServersNameIsReportedToo() throws Exception {
        Report report = Preflight.standard().evaluate(collect(new ManagedInstanceTarget("mi1.no-such-name.invalid",
                null)));
        Finding dns = finding(report, "net.dns");
        assertThat(dns.status()).isEqualTo(Status.FAIL);
        assertThat(dns.evidence()).contains("'mi1.no-such-name.invalid' does not resolve")
                .contains("SQL Server: '127.0.0.1' resolves to 127.0.0.1 (loopback)");
    }

    @Test
    void anAddressOutsideTheManagedInstanceSubnetWarnsAndAnOverlapWithSqlServerFails() throws Exception {
        Facts outside = collect(new ManagedInstanceTarget("127.0.0.1", "10.0.1.0/24"));
        assertThat(outside.network().sqlServerDns().probedAddress()).isEqualTo("127.0.0.1");
        assertThat(outside.network().sqlServerNetwork()).isEqualTo("127.0.0.1/32");
        Finding warn = finding(Preflight.standard().evaluate(outside), "net.dns");
        assertThat(warn.status()).isEqualTo(Status.WARN);
        assertThat(warn.evidence()).contains("outside the managed instance subnet 10.0.1.0/24");
        // The twin (SQL Server) is on 127.0.0.1: an MI subnet of 127.0.0.0/8 overlaps its network.
        var n = outside.network();
        Facts overlapping = outside.withNetwork(new io.milink.preflight.facts.NetworkFacts(n.managedInstanceHost(),
                "127.0.0.0/8", n.fromSqlServerHost(), n.toManagedInstance(), n.toSqlServerEndpoint(),
                n.sqlServerDns(), n.sqlServerNetwork(), null));
        Finding overlap = finding(Preflight.standard().evaluate(overlapping), "net.dns");
        assertThat(overlap.status()).isEqualTo(Status.FAIL);
        assertThat(overlap.evidence()).contains("127.0.0.1/32 overlaps the managed instance subnet 127.0.0.0/8");
    }

    @Test
    void aClosedMirroringPortFailsFromTheSqlServerHost() throws Exception {
        try (ServerSocket probe = new ServerSocket(5022, 1, InetAddress.getLoopbackAddress())) {
            // 5022 is free now, so nothing listens there during the sweep (unless another test grabs it meanwhile)
        } catch (BindException e) {
            Assumptions.abort("port 5022 is taken on this machine: " + e.getMessage());
        }
        Finding mirroring = finding(Preflight.standard().evaluate(collect(new ManagedInstanceTarget("127.0.0.1",
                null))), "net.mirroring");
        assertThat(mirroring.status()).as(mirroring.evidence()).isEqualTo(Status.FAIL);
        assertThat(mirroring.evidence()).contains("5022: closed").contains("from the SQL Server host");
        assertThat(mirroring.remediation()).isNotNull();
    }

    @Test
    void anotherServiceAnsweringOnAStoppedEndpointsPortFailsEndpointListening() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Finding f = finding(Preflight.standard().evaluate(collect(endpointOn(other.getLocalPort(), "STOPPED"),
                    new ManagedInstanceTarget("127.0.0.1", null))), "net.endpointListening");
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.evidence()).contains(": open").contains("STOPPED")
                    .contains("the endpoint is not started, so another process answers on " + other.getLocalPort());
        }
    }

    @Test
    void aStartedEndpointWhosePortRefusesFailsEndpointListening() throws Exception {
        int closed = closedPort();
        Finding f = finding(Preflight.standard().evaluate(collect(endpointOn(closed, "STARTED"),
                new ManagedInstanceTarget("127.0.0.1", null))), "net.endpointListening");
        assertThat(f.status()).isEqualTo(Status.FAIL);
        assertThat(f.evidence()).contains(closed + " on 127.0.0.1: closed")
                .contains("STARTED but the port does not accept connections");
    }

    @Test
    void aSavedListenSessionMakesNetInboundPassOrWarnAndSurvivesTheFactsFile() throws Exception {
        Facts facts = collect(new ManagedInstanceTarget("127.0.0.1", "10.0.1.0/24"));
        ListenReport fromMi = new ListenReport("0.0.0.0", 5022, Duration.ofSeconds(60), List.of(
                new InboundConnection("10.0.1.9", 50123, Instant.parse("2026-11-29T04:00:00Z"),
                        AddressScope.PRIVATE)), false);
        Facts withSession = facts.withNetwork(facts.network().withInbound(fromMi));
        Finding pass = finding(Preflight.standard().evaluate(withSession), "net.inbound");
        assertThat(pass.status()).isEqualTo(Status.PASS);
        assertThat(pass.evidence()).contains("connections from 10.0.1.9");
        assertThat(FactsJson.read(FactsJson.write(withSession))).isEqualTo(withSession);

        ListenReport nobody = new ListenReport("0.0.0.0", 5022, Duration.ofSeconds(60), List.of(), false);
        Finding warn = finding(Preflight.standard().evaluate(facts.withNetwork(facts.network().withInbound(nobody))),
                "net.inbound");
        assertThat(warn.status()).isEqualTo(Status.WARN);
        assertThat(warn.evidence()).contains("nobody connected");
    }
}
