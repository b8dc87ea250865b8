package io.milink.core.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;

import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.arm.EndpointCertificateChain;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;

import reactor.core.publisher.Mono;

/** Connects the product's ARM clients to an ARM twin: HTTPS with verification on, trusting the twin's certificate. */
final class TwinArm {

    /** The twin accepts any bearer token; the pipeline's BearerTokenAuthenticationPolicy still runs. */
    static final TokenCredential ANY_TOKEN =
            request -> Mono.just(new AccessToken("twin-token", OffsetDateTime.now().plusHours(1)));

    /** Short, because tests run the twin with Retry-After 0 (which azure-core ignores in favour of this). */
    static final Duration FAST_POLL = Duration.ofMillis(20);

    /** Issued once per test JVM: RSA key generation is most of a twin's start-up time. */
    private static final IssuedCertificate TLS = CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 1);
    private static final EndpointCertificateChain CHAIN =
            EndpointCertificateChain.issue("mi-target-01.abc123def456.database.windows.net");

    private TwinArm() {
    }

    static ArmTwin start(ArmFaultPlan faults, Duration operationRetryAfter) {
        try {
            return builder(BuiltInScenarios.yaml("ready-2022"), "ready-2022").faults(faults)
                    .operationRetryAfter(operationRetryAfter).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A twin of {@code yaml} that reuses this JVM's TLS certificate and endpoint chain. */
    static ArmTwin.Builder builder(String yaml, String sourceName) {
        return ArmTwin.builder().certificates(TLS, CHAIN).scenarioYaml(yaml, sourceName);
    }

    static HttpClient httpClient(ArmTwin twin) {
        return AzureConnections.httpClientTrusting(twin.trustStore());
    }

    /** Azure's public cloud with the resource manager endpoint pointed at the twin. */
    static AzureEnvironment environment(ArmTwin twin) {
        return AzureConnections.withResourceManager(AzureEnvironment.AZURE, twin.baseUrl());
    }

    static LinkArmClient linkClient(ArmTwin twin) {
        return LinkArmClient.connect(ManagedInstanceRef.parse(twin.resourceId()), ANY_TOKEN, environment(twin),
                httpClient(twin), FAST_POLL, Duration.ofSeconds(30));
    }
}
