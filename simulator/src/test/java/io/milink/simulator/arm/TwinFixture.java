package io.milink.simulator.arm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.milink.simulator.link.LinkSettings;
import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.link.VirtualClock;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

/** Starts twins for tests: the bundled test scenario, no waiting between polls. */
final class TwinFixture {

    static final String READY = "mi-ready.yaml";

    private TwinFixture() {
    }

    static String scenario(String resource) {
        try (InputStream in = TwinFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test scenario " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Issued once per test JVM: RSA key generation is most of a twin's start-up time. */
    private static final IssuedCertificate TLS = CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 1);
    private static final EndpointCertificateChain CHAIN =
            EndpointCertificateChain.issue("mi-target-01.abc123def456.database.windows.net");

    static ArmTwin start(String yaml, ArmFaultPlan faults) {
        return start(yaml, faults, Integer.MAX_VALUE);
    }

    static ArmTwin start(String yaml, ArmFaultPlan faults, int listPageSize) {
        try {
            return ArmTwin.builder().scenarioYaml(yaml, "test").faults(faults).certificates(TLS, CHAIN)
                    .linkWorld(LinkWorld.create(VirtualClock.manual(), LinkSettings.DEFAULTS))
                    .operationRetryAfter(Duration.ZERO).pollsInProgress(1).listPageSize(listPageSize).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ArmTwin ready() {
        return start(scenario(READY), ArmFaultPlan.NONE);
    }
}
