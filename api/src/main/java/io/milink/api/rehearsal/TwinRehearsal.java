package io.milink.api.rehearsal;

import io.milink.core.azure.AzureConnections;
import io.milink.core.spec.Encryption;
import io.milink.core.spec.ManagedInstanceTarget;
import io.milink.core.spec.SecretSource;
import io.milink.core.spec.SqlAuthentication;
import io.milink.core.spec.SqlServerTarget;
import io.milink.core.sql.SqlServerConnector;
import io.milink.preflight.Preflight;
import io.milink.preflight.facts.Facts;
import io.milink.preflight.inventory.NetworkInventory;
import io.milink.simulator.SqlServerTwin;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;

import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.simulator.ScenarioSections;
import io.milink.simulator.arm.ArmTwin;
import io.milink.simulator.sqlserver.scenario.ScenarioException;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import reactor.core.publisher.Mono;

/**
 * Collects facts from a scenario's SQL Server twin exactly as from a real server: the twin runs in-process on a
 * loopback port, and milink connects with the product's own connector over TDS 8.0 with the twin's certificate
 * pinned, logged in with the scenario's first sysadmin login (else its first login, so sql.sysadmin can say so).
 * Public because {@code milink serve} rehearses the same way (one implementation for CLI and service).
 */
public final class TwinRehearsal {

    /** The twin's password reaches the connector the way a real one does: through a named secret source. */
    private static final String PASSWORD_VARIABLE = "MILINK_TWIN_PASSWORD";

    private TwinRehearsal() {
    }

    public static Facts collect(Preflight preflight, ScenarioArgument scenario, List<String> databases) {
        return collect(preflight, scenario, databases, null);
    }

    /**
     * As above; when {@code managedInstance} is given, the network is probed from this host as well. Without it
     * nothing is probed: the ARM twin's FQDN is fictitious, so probing it would only report a name that does not
     * resolve.
     */
    public static Facts collect(Preflight preflight, ScenarioArgument scenario, List<String> databases,
                                ManagedInstanceTarget managedInstance) {
        boolean withArm = ScenarioSections.of(scenario.yaml()).managedInstance();
        // The two twins start side by side (each makes its certificates and its TLS context): a rehearsal's
        // start-up is on a user's clock (docs/cli.md, bench/README.md StartupBench).
        CompletableFuture<ArmTwin> armStarting = withArm ? startArm(scenario)
                : CompletableFuture.completedFuture(null);
        // The product's ARM client (the Azure SDK's classes are many to load) is made as soon as the ARM twin is up,
        // still beside the SQL Server twin's start.
        CompletableFuture<ManagedInstanceClient> armClient = armStarting.thenApply(arm -> arm == null ? null
                : client(arm));
        SqlServerTwin started;
        try {
            started = TwinLauncher.start(scenario, "127.0.0.1", 0, true);
        } catch (RuntimeException | Error e) {
            armStarting.thenAccept(arm -> {
                if (arm != null) {
                    arm.close();
                }
            });
            throw e;
        }
        try (SqlServerTwin twin = started; ArmTwin arm = joined(armStarting)) {
            Path pem = Files.createTempFile("milink-twin-", ".pem");
            try {
                Files.writeString(pem, twin.certificatePem());
                SqlServerTwin.Credentials login = twin.loginCredentials();
                SqlServerTarget target = new SqlServerTarget(twin.host(), twin.port(), null,
                        new SqlAuthentication.SqlLogin(login.userName(),
                                new SecretSource.EnvironmentVariable(PASSWORD_VARIABLE)),
                        Encryption.STRICT, false, null, pem);
                SqlServerConnector connector = new SqlServerConnector(target,
                        Map.of(PASSWORD_VARIABLE, login.password()), 10);
                return preflight.collect(connector, twin.serverName() + " (twin '" + scenario.displayName() + "')",
                        databases, managedInstance, managedInstance == null ? null : NetworkInventory.standard(),
                        arm == null ? null : joined(armClient));
            } finally {
                Files.deleteIfExists(pem);
            }
        } catch (IOException e) {
            throw new RehearsalFailed("cannot write the twin's certificate file: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Starts the ARM twin on a thread of its own, which then ends: while the SQL Server twin starts on the caller's.
     * The ARM twin makes a Vert.x of its own, so the thread is also what keeps Vert.x from warning "You're already on
     * a Vert.x context" when the caller is the service's preflight worker.
     */
    private static CompletableFuture<ArmTwin> startArm(ScenarioArgument scenario) {
        CompletableFuture<ArmTwin> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                started.complete(startArmHere(scenario));
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        }, "milink-arm-twin-start");
        starter.setDaemon(true);
        starter.start();
        return started;
    }

    private static <T> T joined(CompletableFuture<T> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static ArmTwin startArmHere(ScenarioArgument scenario) {
        try {
            return ArmTwin.builder().scenarioYaml(scenario.yaml(), scenario.displayName()).start();
        } catch (ScenarioException e) {
            throw new RehearsalFailed(e.getMessage(), e);
        } catch (IOException e) {
            throw new RehearsalFailed("cannot start the ARM twin: " + e.getMessage(), e);
        }
    }

    /**
     * The product's own client, pointed at the ARM twin: its HTTPS certificate trusted through a trust store, and a
     * fixed token, since the twin accepts any bearer token (no real secret exists in a rehearsal).
     */
    private static ManagedInstanceClient client(ArmTwin arm) {
        TokenCredential rehearsalToken = request -> Mono.just(new AccessToken("milink-rehearsal",
                OffsetDateTime.now().plusHours(1)));
        return AzureConnections.managedInstance(ManagedInstanceRef.parse(arm.resourceId()), rehearsalToken,
                arm.baseUrl(), arm.trustStore());
    }
}
