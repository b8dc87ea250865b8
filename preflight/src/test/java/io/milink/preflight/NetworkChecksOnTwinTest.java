package io.milink.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.milink.core.spec.Encryption;
import io.milink.core.spec.ManagedInstanceTarget;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.SqlServerConnector;
import io.milink.netprobe.PortSet;
import io.milink.netprobe.ProbeOptions;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.facts.FactsJson;
import io.milink.preflight.inventory.NetworkInventory;
import io.milink.preflight.report.Report;
import io.milink.simulator.SqlServerTwin;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
        try (SqlServerTwin twin = SqlServerTwin.builder().builtInScenario("ready-2022").start()) {
            Path pem = Files.writeString(dir.resolve("twin.pem"), twin.certificatePem());
            var sa = twin.sysadminCredentials();
            SqlServerTarget target = new SqlServerTarget(twin.host(), twin.port(), null,
                    new SqlAuthentication.SqlLogin(sa.userName(), new SecretSource.EnvironmentVariable("PW")),
                    Encryption.STRICT, false, null, pem);
            return Preflight.standard().collect(new SqlServerConnector(target, Map.of("PW", sa.password()), 10),
                    "SQL22", List.of("Sales"), managedInstance, FAST);
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
}
