package io.milink.simulator.arm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.milink.simulator.link.SqlServerSide;
import io.milink.simulator.pki.BundledRootCertificates;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

/**
 * A SQL Server partner for ARM route tests: everything the documented script (mi-link-workflow.md §3) prepares is in
 * place — endpoint with certificate authentication and AES, its certificate uploaded to the instance, the instance's
 * certificate imported under its FQDN, the Azure roots registered, the AG and the DAG named as {@link LinkRoutesTest}
 * asks. The route tests are about ARM's HTTP behaviour; the link world's own checks are tested against the real SQL
 * Server twin.
 */
final class PreparedSqlServer implements SqlServerSide {

    private static final IssuedCertificate ENDPOINT_CERTIFICATE = CertificateIssuer.selfSigned(
            "Certificate for Cert_SQL01_endpoint", Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(365)));

    private final ManagedInstance instance;
    private final Map<String, DistributedGroup> groups = new LinkedHashMap<>();
    private final Map<String, Boolean> modes = new LinkedHashMap<>();
    final Map<String, Double> logUsed = new LinkedHashMap<>();

    private PreparedSqlServer(ManagedInstance instance) {
        this.instance = instance;
    }

    /** Attaches a prepared partner to the instance's link world and uploads its certificate to the instance. */
    static PreparedSqlServer attachTo(ArmTwin twin, String... dagNames) {
        PreparedSqlServer partner = new PreparedSqlServer(twin.instance());
        for (String dag : dagNames) {
            partner.groups.put(dag.toLowerCase(), null);
        }
        twin.instance().putTrustCertificate(TrustCertificate.parse("Cert_SQL01_endpoint",
                HexFormat.of().formatHex(ENDPOINT_CERTIFICATE.der())));
        twin.instance().world().attach(partner);
        return partner;
    }

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
        if (!groups.containsKey(name.toLowerCase())) {
            return null;
        }
        boolean sync = modes.getOrDefault(name.toLowerCase(), false);
        return new DistributedGroup(name, new Member("AG_Sales", "TCP://sql01.contoso.com:5022", sync),
                new Member("mi_ag", "tcp://" + instance.scenario().fqdn() + ":5022;Server=["
                        + instance.scenario().name() + "]", sync), List.of("Sales", "Other"));
    }

    @Override
    public MirroringEndpoint mirroringEndpoint() {
        return new MirroringEndpoint("Hadr_endpoint", 5022, true, true, true, true, "Cert_SQL01_endpoint");
    }

    @Override
    public List<Certificate> certificates() {
        List<Certificate> certificates = new ArrayList<>();
        certificates.add(new Certificate("Cert_SQL01_endpoint", ENDPOINT_CERTIFICATE.der(), "MK",
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365))));
        certificates.add(new Certificate(instance.scenario().fqdn(), instance.endpointCertificate().leaf().der(), "NA",
                Instant.EPOCH, Instant.now().plus(Duration.ofDays(365))));
        return certificates;
    }

    @Override
    public List<Issuer> issuers() {
        try {
            return List.of(new Issuer(BundledRootCertificates.get(BundledRootCertificates.DIGICERT_GLOBAL_ROOT_G2)
                    .getEncoded(), "*.database.windows.net"));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Database database(String name) {
        return new Database(name, 64L * 1024 * 1024, 1024L * 1024 * 1024, 10.0);
    }

    @Override
    public void replicationChanged() {
    }

    @Override
    public void setAvailabilityModes(String distributedGroup, boolean synchronousCommit) {
        modes.put(distributedGroup.toLowerCase(), synchronousCommit);
    }

    /** As {@code ALTER AVAILABILITY GROUP … MODIFY AVAILABILITY GROUP ON … SYNCHRONOUS_COMMIT} on both members. */
    void synchronousCommit(String dag, boolean sync) {
        modes.put(dag.toLowerCase(), sync);
    }

    @Override
    public void setLogUsedPercent(String database, double percent) {
        logUsed.put(database, percent);
    }
}
