package io.milink.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.milink.simulator.FleetScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.arm.EndpointCertificateChain;
import io.milink.simulator.arm.RecordedRequest;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

/**
 * The twins of {@link MonitorBench}, in a JVM of their own so that their work is not counted as milink's: {@code
 * sqlServers} worlds, each one SQL Server twin (TDS 8.0 capable, one TLS certificate for all) with its share of
 * {@code links} linked databases and one managed instance twin, on clocks running in real time. It writes each
 * world's addresses to {@code out} (one tab-separated line each: server name, TDS port, instance name, ARM base URL,
 * resource id), the TLS certificate to {@code out}.pem, prints {@code READY}, then answers on standard input:
 * {@code COUNTS} prints the requests the twins received so far and this JVM's CPU time; end of input stops it.
 *
 * <p>Usage (by MonitorBench): {@code FleetTwinsProcess links sqlServers out}.
 */
public final class FleetTwinsProcess {

    private FleetTwinsProcess() {
    }

    public static void main(String[] args) throws Exception {
        int links = Integer.parseInt(args[0]);
        int sqlServers = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        IssuedCertificate tls = CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 1);
        Files.writeString(Path.of(out + ".pem"), tls.pem());
        List<LinkedTwins> worlds = new ArrayList<>();
        StringBuilder addresses = new StringBuilder();
        try {
            for (int i = 0; i < sqlServers; i++) {
                // Links spread evenly: the first (links % sqlServers) servers hold one more.
                int databases = links / sqlServers + (i < links % sqlServers ? 1 : 0);
                String server = String.format("SQL%02d", i + 1);
                String instance = String.format("mi-fleet-%02d", i + 1);
                LinkedTwins world = LinkedTwins.builder()
                        .scenarioYaml(FleetScenarios.linkedYaml(server, instance, databases, ""), server)
                        .certificates(tls, EndpointCertificateChain.issue(instance + ".abc123def456.database.windows.net"))
                        .timeScale(1.0).start();
                worlds.add(world);
                var arm = world.arm().orElseThrow();
                addresses.append(server).append('\t').append(world.sqlServer().orElseThrow().port()).append('\t')
                        .append(instance).append('\t').append(arm.baseUrl()).append('\t').append(arm.resourceId())
                        .append('\t').append(databases).append('\n');
            }
            Files.writeString(out, addresses.toString());
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("COUNTS")) {
                    System.out.println(counts(worlds));
                    System.out.flush();
                }
            }
        } finally {
            worlds.forEach(LinkedTwins::close);
        }
    }

    /** {@code COUNTS sqlRequests sqlConnections armLinkLists armOther cpuNanos}. */
    private static String counts(List<LinkedTwins> worlds) {
        long sqlRequests = 0;
        long sqlConnections = 0;
        long armLists = 0;
        long armOther = 0;
        for (LinkedTwins w : worlds) {
            var perConnection = w.sqlServer().orElseThrow().requestsByConnection();
            sqlConnections += perConnection.size();
            sqlRequests += perConnection.values().stream().mapToLong(Integer::longValue).sum();
            for (RecordedRequest r : w.arm().orElseThrow().receivedRequests()) {
                if (r.method().equals("GET") && r.path().endsWith("/distributedAvailabilityGroups")) {
                    armLists++;
                } else {
                    armOther++;
                }
            }
        }
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return "COUNTS " + sqlRequests + " " + sqlConnections + " " + armLists + " " + armOther + " " + cpu;
    }
}
