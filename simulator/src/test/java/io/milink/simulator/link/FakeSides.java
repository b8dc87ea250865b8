package io.milink.simulator.link;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

/**
 * Both sides of a link world as plain objects, prepared as the documented script leaves them, for tests of the
 * world's model alone (the twins' own tests drive the same world through TDS and HTTPS).
 */
final class FakeSides {

    static final String FQDN = "mi-target-01.abc123def456.database.windows.net";
    static final String DAG = "DAG_Sales";
    private static final IssuedCertificate ROOT = CertificateIssuer.certificateAuthority("Test Root",
            Instant.now().minus(Duration.ofDays(10)), Instant.now().plus(Duration.ofDays(3650)));
    private static final IssuedCertificate INSTANCE_CERT = CertificateIssuer.signedBy(ROOT, FQDN, List.of(FQDN),
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
    private static final IssuedCertificate SQL_CERT = CertificateIssuer.selfSigned("Certificate for Cert_SQL01",
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));

    final Sql sql = new Sql();
    final Instance instance = new Instance();

    static LinkWorld world(LinkSettings settings, FakeSides sides) {
        LinkWorld world = LinkWorld.create(VirtualClock.manual(), settings);
        world.attach(sides.sql);
        world.attach(sides.instance);
        return world;
    }

    static LinkWorld.JoinRequest join() {
        return new LinkWorld.JoinRequest(DAG, "AG_Sales_MI", "AG_Sales", "TCP://sql01:5022", List.of("Sales"), false,
                false);
    }

    static final class Sql implements SqlServerSide {
        boolean hasGroup = true;
        boolean endpointStarted = true;
        boolean certificateAuth = true;
        boolean instanceCertificateImported = true;
        boolean rootRegistered = true;
        boolean synchronous;
        long databaseBytes = 10L * LinkSettings.MB;
        long logBytes = 100L * LinkSettings.MB;
        final Map<String, Double> logUsed = new LinkedHashMap<>();
        int changes;

        @Override
        public String serverName() {
            return "SQL01";
        }

        @Override
        public String productVersion() {
            return "16.0.4265.3";
        }

        @Override
        public DistributedGroup distributedGroup(String name) {
            if (!hasGroup || !name.equalsIgnoreCase(DAG)) {
                return null;
            }
            return new DistributedGroup(DAG, new Member("AG_Sales", "TCP://sql01:5022", synchronous),
                    new Member("AG_Sales_MI", "tcp://" + FQDN + ":5022;Server=[mi-target-01]", synchronous),
                    List.of("Sales"));
        }

        @Override
        public MirroringEndpoint mirroringEndpoint() {
            return new MirroringEndpoint("Hadr_endpoint", 5022, endpointStarted, certificateAuth, true, true,
                    "Cert_SQL01");
        }

        @Override
        public List<Certificate> certificates() {
            List<Certificate> list = new ArrayList<>();
            list.add(new Certificate("Cert_SQL01", SQL_CERT.der(), "MK", Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(365))));
            if (instanceCertificateImported) {
                list.add(new Certificate(FQDN, INSTANCE_CERT.der(), "NA", Instant.EPOCH,
                        Instant.now().plus(Duration.ofDays(365))));
            }
            return list;
        }

        @Override
        public List<Issuer> issuers() {
            return rootRegistered ? List.of(new Issuer(ROOT.der(), "*.database.windows.net")) : List.of();
        }

        @Override
        public Database database(String name) {
            return name.equalsIgnoreCase("Sales") ? new Database("Sales", databaseBytes, logBytes, 10.0) : null;
        }

        @Override
        public void replicationChanged() {
            changes++;
        }

        @Override
        public void setAvailabilityModes(String distributedGroup, boolean synchronousCommit) {
            synchronous = synchronousCommit;
        }

        @Override
        public void setLogUsedPercent(String database, double percent) {
            logUsed.put(database, percent);
        }
    }

    static final class Instance implements ManagedInstanceSide {
        boolean running = true;
        boolean trustsSqlServer = true;
        final Set<String> databases = new LinkedHashSet<>();

        @Override
        public String name() {
            return "mi-target-01";
        }

        @Override
        public String fqdn() {
            return FQDN;
        }

        @Override
        public boolean running() {
            return running;
        }

        @Override
        public byte[] endpointCertificate() {
            return INSTANCE_CERT.der();
        }

        @Override
        public List<byte[]> endpointCertificateIssuers() {
            return List.of(ROOT.der());
        }

        @Override
        public List<byte[]> trustCertificates() {
            return trustsSqlServer ? List.of(SQL_CERT.der()) : List.of();
        }

        @Override
        public void trustUploadedBefore(String name, byte[] der) {
            trustsSqlServer = true;
        }

        @Override
        public boolean hasDatabase(String name) {
            return databases.contains(name);
        }

        @Override
        public void databaseCreated(String name) {
            databases.add(name);
        }
    }
}
