package io.milink.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;

import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.Encryption;
import io.milink.preflight.check.Finding;
import io.milink.preflight.check.Status;
import io.milink.preflight.report.Report;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.arm.EndpointCertificateChain;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The mi.* and cert.mi.* checks with both twins: the SQL Server twin over TDS and the ARM twin over HTTPS through
 * the real Azure SDK pipeline, exactly as against real servers.
 */
class ManagedInstanceChecksOnTwinsTest {

    private static final TokenCredential ANY_TOKEN =
            request -> Mono.just(new AccessToken("twin-token", OffsetDateTime.now().plusHours(1)));

    private static final String FQDN = "mi-target-01.abc123def456.database.windows.net";

    /**
     * One TLS certificate and endpoint chain for every ARM twin of the class: RSA key generation is most of a twin's
     * start-up. A scenario with its own endpointCertificate dates still gets a chain of its own.
     */
    private static final IssuedCertificate ARM_TLS =
            CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 1);
    private static final EndpointCertificateChain ARM_CHAIN = EndpointCertificateChain.issue(FQDN);

    @TempDir
    Path dir;

    private static ArmTwin.Builder armTwin(String yaml, String sourceName) {
        return ArmTwin.builder().certificates(ARM_TLS, ARM_CHAIN).scenarioYaml(yaml, sourceName);
    }

    /** Runs preflight against twins from ready-2022 edited by {@code edit}; {@code sqlSetup} runs first on SQL. */
    private Report preflight(UnaryOperator<String> edit, List<String> databases, String sqlSetup,
                             boolean unknownInstance) throws Exception {
        return preflight(edit, databases, sqlSetup, unknownInstance, UnaryOperator.identity());
    }

    private Report preflight(UnaryOperator<String> edit, List<String> databases, String sqlSetup,
                             boolean unknownInstance, UnaryOperator<ArmTwin.Builder> armOptions) throws Exception {
        String yaml = edit.apply(BuiltInScenarios.yaml("ready-2022"));
        try (SqlServerTwin sql = TwinConnectors.twin().scenarioYaml(yaml, "edited").start();
             ArmTwin arm = armOptions.apply(armTwin(yaml, "edited")).start()) {
            run(sql, arm, sqlSetup);
            return preflight(sql, arm, databases, unknownInstance);
        }
    }

    /** Runs {@code sqlSetup} on the SQL Server twin, $ROOT/$INTERMEDIATE/$LEAF standing for the ARM twin's chain. */
    private void run(SqlServerTwin sql, ArmTwin arm, String sqlSetup) throws Exception {
        if (sqlSetup == null) {
            return;
        }
        Path pem = Files.writeString(dir.resolve("sql.pem"), sql.certificatePem());
        var sa = sql.sysadminCredentials();
        try (Connection c = DriverManager.getConnection(sql.jdbcUrl(SqlServerTwin.Encryption.STRICT, pem),
                sa.userName(), sa.password()); Statement s = c.createStatement()) {
            s.execute(sqlSetup.replace("$ROOT", hex(arm.endpointCertificateRootPem()))
                    .replace("$INTERMEDIATE", hex(arm.endpointCertificateIntermediatePem()))
                    .replace("$LEAF", leafHex(arm)));
        }
    }

    private Report preflight(SqlServerTwin sql, ArmTwin arm, List<String> databases, boolean unknownInstance)
            throws Exception {
        ManagedInstanceRef ref = unknownInstance
                ? new ManagedInstanceRef("00000000-0000-0000-0000-000000000001", "rg-link", "nope")
                : ManagedInstanceRef.parse(arm.resourceId());
        Preflight preflight = Preflight.standard();
        return preflight.evaluate(preflight.collect(TwinConnectors.sysadmin(sql, dir), "SQL22", databases, null,
                null, client(arm, ref)));
    }

    private static ManagedInstanceClient client(ArmTwin arm, ManagedInstanceRef ref) {
        return AzureConnections.managedInstance(ref, ANY_TOKEN, arm.baseUrl(), arm.trustStore());
    }

    private static String hex(String pem) throws Exception {
        var cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        return "0x" + HexFormat.of().withUpperCase().formatHex(cert.getEncoded());
    }

    private String leafHex(ArmTwin arm) throws Exception {
        String blob = client(arm, ManagedInstanceRef.parse(arm.resourceId())).endpointCertificateBlob();
        return blob.startsWith("0x") ? blob : "0x" + blob;
    }

    private static Finding finding(Report report, String id, String target) {
        return report.findings().stream().filter(f -> f.id().equals(id) && (target == null
                || f.target().equals(target))).findFirst().orElseThrow(() -> new AssertionError("no " + id));
    }

    @Test
    void aReadyPairPassesTheInstanceChecksAndTheChainThroughAnIntermediateMasterDoesNotHold() throws Exception {
        Report report = preflight(UnaryOperator.identity(), List.of("Sales"), null, false);
        for (String id : List.of("mi.exists", "mi.state", "mi.collation", "mi.updatePolicy", "mi.capacity",
                "mi.failoverGroup", "mi.permissions")) {
            assertThat(finding(report, id, null).status()).as(id + ": " + finding(report, id, null).evidence())
                    .isEqualTo(Status.PASS);
        }
        for (String id : List.of("mi.nameCollision", "mi.existingLink", "mi.inMemoryOltpTier", "mi.tdeCertificate")) {
            assertThat(finding(report, id, "Sales").status()).as(id).isEqualTo(Status.PASS);
        }
        assertThat(finding(report, "mi.capacity", null).evidence())
                .contains("1 database + 1 to link = 2 of 100 allowed (GeneralPurpose)")
                .contains("251,904 MB free of 256 GB, the databases need 2,304 MB");
        assertThat(finding(report, "cert.mi.imported", null).evidence()).contains("not imported yet");
        // As against Azure: ARM serves the leaf alone, master holds the registered roots but not the intermediate.
        Finding chain = finding(report, "cert.mi.chain", null);
        assertThat(chain.status()).as(chain.evidence()).isEqualTo(Status.PASS);
        assertThat(chain.evidence()).contains("milink ARM twin Issuing CA 01").contains("not verified offline")
                .contains("published at " + io.milink.simulator.arm.EndpointCertificateChain.ISSUER_URL)
                .contains("'DigiCertPKI'");
        assertThat(report.ready()).isTrue();
    }

    @Test
    void eachInstanceProblemFailsOrWarnsForItsReason() throws Exception {
        Report report = preflight(yaml -> yaml.replace("  state: Ready", "  state: Stopped")
                .replace("  updatePolicy: SQLServer2022", "  updatePolicy: AlwaysUpToDate")
                .replace("managedInstance:\n", "managedInstance:\n").replace("collation: SQL_Latin1_General_CP1_CI_AS\n"
                        + "  updatePolicy", "collation: Latin1_General_100_CI_AS\n  updatePolicy"),
                List.of("Sales", "HR"), null, false);
        assertThat(finding(report, "mi.state", null).status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "mi.state", null).remediation().script()).contains("az sql mi start");
        assertThat(finding(report, "mi.updatePolicy", null).status()).isEqualTo(Status.WARN);
        assertThat(finding(report, "mi.collation", null).status()).isEqualTo(Status.WARN);
        assertThat(finding(report, "mi.nameCollision", "HR").status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "mi.nameCollision", "Sales").status()).isEqualTo(Status.PASS);
        assertThat(report.ready()).isFalse();
    }

    @Test
    void aFullInstanceInAFailoverGroupWithALinkAndTooFewRightsFailsEachCheckForItsReason() throws Exception {
        // The existing link has seeded Sales onto the instance, so only Inventory is still to add there.
        Report report = preflight(yaml -> yaml
                        .replace("  usedStorageGb: 10", "  usedStorageGb: 255.5")
                        .replace("  failoverGroup: false", "  failoverGroup: true")
                        .replace("      tde: false\n      backups: [ { type: FULL, finished: 2026-11-20",
                                "      tde: true\n      backups: [ { type: FULL, finished: 2026-11-20")
                        .replace("      inMemoryOltp: false\n      tde: true", "      inMemoryOltp: true\n      tde: true")
                        .replace("  grantedActions: [ \"Microsoft.Sql/managedInstances/*\" ]",
                                "  grantedActions: [ \"Microsoft.Sql/managedInstances/read\" ]\n  links:\n"
                                        + "    - { name: link_sales, instanceAvailabilityGroupName: mi_sales, "
                                        + "partnerAvailabilityGroupName: AG_Sales, databases: [ Sales ] }"),
                List.of("Sales", "Inventory"), null, false);
        Finding capacity = finding(report, "mi.capacity", null);
        assertThat(capacity.status()).isEqualTo(Status.FAIL);
        assertThat(capacity.evidence()).contains("512 MB free of 256 GB, the databases need 576 MB");
        assertThat(finding(report, "mi.failoverGroup", null).evidence()).contains("fog-mi-target-01");
        assertThat(finding(report, "mi.failoverGroup", null).status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "mi.existingLink", "Sales").status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "mi.existingLink", "Sales").evidence()).contains("link_sales");
        assertThat(finding(report, "mi.tdeCertificate", "Sales").status()).isEqualTo(Status.WARN);
        assertThat(finding(report, "mi.inMemoryOltpTier", "Sales").status()).isEqualTo(Status.FAIL);
        Finding permissions = finding(report, "mi.permissions", null);
        assertThat(permissions.status()).isEqualTo(Status.FAIL);
        assertThat(permissions.evidence()).startsWith("19 of 20 actions").doesNotContain("managedInstances/read,");
        assertThat(report.ready()).isFalse();
    }

    @Test
    void aHundredDatabasesReadOverSeveralPagesFillAGeneralPurposeInstanceButNotANextGenOne() throws Exception {
        StringBuilder hundred = new StringBuilder("  databases: [ HR");
        for (int i = 1; i < 100; i++) {
            hundred.append(", db").append(i);
        }
        hundred.append(" ]");
        UnaryOperator<String> full = yaml -> yaml.replace("  databases: [ HR ]", hundred.toString());
        Report gp = preflight(full, List.of("Sales"), null, false, arm -> arm.listPageSize(30));
        assertThat(finding(gp, "mi.capacity", null).status()).isEqualTo(Status.FAIL);
        assertThat(finding(gp, "mi.capacity", null).evidence()).contains("100 databases + 1 to link = 101 of 100");
        Report nextGen = preflight(yaml -> full.apply(yaml).replace("  tier: GeneralPurpose",
                "  tier: NextGenGeneralPurpose"), List.of("Sales"), null, false, arm -> arm.listPageSize(30));
        assertThat(finding(nextGen, "mi.capacity", null).status()).isEqualTo(Status.PASS);
        assertThat(finding(nextGen, "mi.capacity", null).evidence()).contains("= 101 of 500 allowed");
    }

    @Test
    void anInstanceThatDoesNotExistFailsExistsWithArmsCodeAndTheOthersSkip() throws Exception {
        Report report = preflight(UnaryOperator.identity(), List.of("Sales"), null, true);
        assertThat(finding(report, "mi.exists", null).status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "mi.exists", null).evidence()).contains("ResourceNotFound");
        assertThat(finding(report, "mi.state", null).status()).isEqualTo(Status.SKIP);
    }

    /** The scenario with the instance's endpoint certificate valid only in [notBefore, notAfter]. */
    private static UnaryOperator<String> endpointCertificate(Instant notBefore, Instant notAfter) {
        return yaml -> yaml + "  endpointCertificate: { notBefore: " + notBefore + ", notAfter: " + notAfter + " }\n";
    }

    @Test
    void withTheTwinsRootRegisteredAndItsIntermediateImportedTheFullPathPassesAndAStaleCopyWarns() throws Exception {
        String fqdn = FQDN;
        Report chained = preflight(UnaryOperator.identity(), List.of("Sales"),
                "CREATE CERTIFICATE [TwinRoot] FROM BINARY = $ROOT; "
                        + "DECLARE @id int = CERT_ID(N'TwinRoot'); "
                        + "EXEC sp_certificate_add_issuer @id, N'*.database.windows.net'; "
                        + "CREATE CERTIFICATE [TwinIntermediate] FROM BINARY = $INTERMEDIATE; "
                        + "CREATE CERTIFICATE [" + fqdn + "] FROM BINARY = $LEAF;", false);
        assertThat(finding(chained, "cert.mi.chain", null).status())
                .as(finding(chained, "cert.mi.chain", null).evidence()).isEqualTo(Status.PASS);
        assertThat(finding(chained, "cert.mi.chain", null).evidence()).startsWith("VALID")
                .contains("root 'TwinRoot'");
        assertThat(finding(chained, "cert.mi.imported", null).status()).isEqualTo(Status.PASS);

        // A copy under the FQDN that is another certificate: Azure rotated it since it was imported.
        Report stale = preflight(UnaryOperator.identity(), List.of("Sales"),
                "CREATE CERTIFICATE [" + fqdn + "] FROM BINARY = $INTERMEDIATE;", false);
        Finding imported = finding(stale, "cert.mi.imported", null);
        assertThat(imported.status()).isEqualTo(Status.WARN);
        assertThat(imported.remediation().script()).contains("[" + fqdn + "]").contains("FROM BINARY = 0x");
    }

    @Test
    void anEndpointCertificateExpiringSoonWarnsAndAnExpiredOrNotYetValidOneFails() throws Exception {
        String yaml = BuiltInScenarios.yaml("ready-2022");
        Instant now = Instant.now();
        try (SqlServerTwin sql = TwinConnectors.twin().scenarioYaml(yaml, "ready-2022").start()) {
            Finding soon = chainWith(sql, endpointCertificate(now.minus(Duration.ofDays(300)),
                    now.plus(Duration.ofDays(10))).apply(yaml));
            assertThat(soon.status()).as(soon.evidence()).isEqualTo(Status.WARN);
            assertThat(soon.evidence()).contains("within the 30-day horizon");

            Finding expired = chainWith(sql, endpointCertificate(now.minus(Duration.ofDays(400)),
                    now.minus(Duration.ofDays(2))).apply(yaml));
            assertThat(expired.status()).as(expired.evidence()).isEqualTo(Status.FAIL);
            assertThat(expired.evidence()).contains("expired at");

            Finding future = chainWith(sql, endpointCertificate(now.plus(Duration.ofDays(2)),
                    now.plus(Duration.ofDays(400))).apply(yaml));
            assertThat(future.status()).as(future.evidence()).isEqualTo(Status.FAIL);
            assertThat(future.evidence()).contains("not valid before");
        }
    }

    private Finding chainWith(SqlServerTwin sql, String armYaml) throws Exception {
        try (ArmTwin arm = armTwin(armYaml, "edited").start()) {
            return finding(preflight(sql, arm, List.of("Sales"), false), "cert.mi.chain", null);
        }
    }

    @Test
    void aWrongRootFailsThenAnUnregisteredRootFailsWithItsRegistrationWhichMakesItPass() throws Exception {
        String yaml = BuiltInScenarios.yaml("ready-2022");
        try (SqlServerTwin sql = TwinConnectors.twin().scenarioYaml(yaml, "ready-2022").start();
             ArmTwin arm = armTwin(yaml, "ready-2022").start()) {
            // The intermediate is in master, but what it chains to is not trusted.
            run(sql, arm, "CREATE CERTIFICATE [TwinIntermediate] FROM BINARY = $INTERMEDIATE;");
            Finding wrongRoot = finding(preflight(sql, arm, List.of("Sales"), false), "cert.mi.chain", null);
            assertThat(wrongRoot.status()).as(wrongRoot.evidence()).isEqualTo(Status.FAIL);
            assertThat(wrongRoot.evidence()).contains("does not chain to a certificate SQL Server trusts");

            // The root is imported but never registered as issuer.
            run(sql, arm, "CREATE CERTIFICATE [TwinRoot] FROM BINARY = $ROOT;");
            Finding unregistered = finding(preflight(sql, arm, List.of("Sales"), false), "cert.mi.chain", null);
            assertThat(unregistered.status()).as(unregistered.evidence()).isEqualTo(Status.FAIL);
            assertThat(unregistered.evidence()).contains("'TwinRoot' is not registered as issuer for " + FQDN);

            run(sql, arm, unregistered.remediation().script());
            Finding repaired = finding(preflight(sql, arm, List.of("Sales"), false), "cert.mi.chain", null);
            assertThat(repaired.status()).as(repaired.evidence()).isEqualTo(Status.PASS);
            assertThat(repaired.evidence()).contains("root 'TwinRoot'");
        }
    }

    @Test
    void withOnlyTheAzureResourceNamedTheNetworkChecksProbeTheNameArmReports() throws Exception {
        // The twin's name is Azure-shaped (it refuses any other) and resolves nowhere: the checks then report the
        // name ARM gave as not resolving, instead of SKIPping for want of a name.
        String yaml = BuiltInScenarios.yaml("ready-2022");
        String armName = "mi-target-01.abc123def456.database.windows.net";
        try (SqlServerTwin sql = TwinConnectors.twin().scenarioYaml(yaml, "edited").start();
             ArmTwin arm = ArmTwin.builder().scenarioYaml(yaml, "edited").start()) {
            var fast = new io.milink.preflight.inventory.NetworkInventory(io.milink.netprobe.PortSet.linkDefault(),
                    new io.milink.netprobe.ProbeOptions(Duration.ofMillis(500), 1_024));
            Preflight preflight = Preflight.standard();
            var facts = preflight.collect(TwinConnectors.sysadmin(sql, dir), "SQL22",
                    List.of("Sales"), null, fast, client(arm, ManagedInstanceRef.parse(arm.resourceId())));

            assertThat(facts.network()).as("probed although no --mi-host was given").isNotNull();
            assertThat(facts.network().managedInstanceHost()).isEqualTo(facts.managedInstance().fqdn())
                    .isEqualTo(armName);
            assertThat(facts.network().hostSource())
                    .isEqualTo(io.milink.preflight.facts.NetworkFacts.HostSource.ARM);
            assertThat(facts.network().toManagedInstance().host()).isEqualTo(armName);
            Report report = preflight.evaluate(facts);
            for (String id : List.of("net.dns", "net.mirroring", "net.redirect")) {
                Finding f = finding(report, id, null);
                assertThat(f.status()).as(id + ": " + f.evidence()).isNotEqualTo(Status.SKIP);
                assertThat(f.evidence()).as(id).contains(armName + " as Azure Resource Manager reported it");
            }
            assertThat(finding(report, "net.endpointListening", null).evidence())
                    .doesNotContain("Azure Resource Manager");
        }
    }

    @Test
    void whenArmCannotReadTheInstanceTheNetworkChecksSkipSayingWhy() throws Exception {
        Report report = preflight(UnaryOperator.identity(), List.of("Sales"), null, true);
        Finding dns = finding(report, "net.dns", null);
        assertThat(dns.status()).isEqualTo(Status.SKIP);
        assertThat(dns.evidence()).contains("Azure Resource Manager gave no host name", "see mi.exists",
                "--mi-host");
    }

    @Test
    void savedSqlServerFactsCompletedWithALiveArmReadAreCheckedAgainstEachOther() throws Exception {
        // What --inventory-results with --mi does: SQL Server facts collected without the managed instance (as
        // from a sqlcmd run), then the managed instance read live; mi.collation compares the two.
        String yaml = BuiltInScenarios.yaml("ready-2022")
                .replace("collation: SQL_Latin1_General_CP1_CI_AS\n  updatePolicy",
                        "collation: Latin1_General_100_CI_AS\n  updatePolicy");
        try (SqlServerTwin sql = TwinConnectors.twin().scenarioYaml(yaml, "edited").start();
             ArmTwin arm = ArmTwin.builder().scenarioYaml(yaml, "edited").start()) {
            Preflight preflight = Preflight.standard();
            var saved = preflight.collect(TwinConnectors.sysadmin(sql, dir), "SQL22",
                    List.of("Sales"));
            assertThat(saved.managedInstance()).isNull();
            Report report = preflight.evaluate(preflight.withManagedInstance(saved,
                    client(arm, ManagedInstanceRef.parse(arm.resourceId()))));
            assertThat(finding(report, "mi.exists", null).status()).isEqualTo(Status.PASS);
            Finding collation = finding(report, "mi.collation", null);
            assertThat(collation.status()).as(collation.evidence()).isEqualTo(Status.WARN);
            assertThat(collation.evidence()).contains("Latin1_General_100_CI_AS");
        }
    }
}
