package io.milink.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.management.AzureEnvironment;

import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.LinkArmClient;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.core.spec.DatabaseLinkNames;
import io.milink.linkmanager.FailoverGates;
import io.milink.linkmanager.LinkSession;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.PlannedFailover;
import io.milink.simulator.FleetScenarios;
import io.milink.simulator.LinkedTwins;
import io.milink.simulator.SqlServerTwin;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.EndpointCertificateChain;
import io.milink.simulator.link.LinkRole;
import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.link.VirtualClock;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;
import reactor.core.publisher.Mono;

/**
 * Randomized planned failovers on twins: a replicating link (SQL Server 2022 CU26, so both directions are possible:
 * T-SQL FAILOVER from SQL Server, ARM's planned failover from the instance) with a random workload, redo rate and
 * network latency, failed over in a random direction with random settle times and timeouts, while a random fault may
 * strike (a partition, an instance restart, a full log, slow ARM answers). Each trial is judged by the link world's own
 * record of role changes ({@link LinkWorld#roleChanges()}), not by what milink read:
 *
 * <ul>
 * <li>no failover completes with unequal hardened LSNs: a completed run made exactly one planned role change, at
 * which both sides' last hardened LSNs were equal; no planned role change of any trial had unequal ones;
 * <li>every refusal names its gate: a gate timeout carries its gate and changed no role; a refusal before any change
 * names the gate that blocked it.
 * </ul>
 * Anything else (an error a side returned mid-run) is counted and shown, not hidden. Waits move the twins' clock, so
 * a trial takes no real time for the simulated minutes it spans. Shared by {@code FailoverTrialsHarness} (1,000
 * trials) and the suite's {@code FailoverTrialsTest} (a few).
 */
public final class FailoverTrials {

    /** How a trial ended. */
    public enum Outcome { COMPLETED, REFUSED_BY_GATE, ERROR }

    /**
     * One trial.
     *
     * @param gate      the gate a refusal named (null otherwise)
     * @param violation what broke a promise, in words; null when none did
     */
    public record Trial(int index, long seed, String setup, Outcome outcome, String gate, String detail,
                        String violation, Duration took) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "trial %d (seed %d, %s): %s%s%s", index, seed, setup, outcome,
                    gate == null ? "" : " at gate " + gate, violation == null ? "" : "; VIOLATION: " + violation);
        }
    }

    private static final String DATABASE = "Db001";
    private static final List<DatabaseLinkNames> LINK =
            List.of(new DatabaseLinkNames(DATABASE, "AG_" + DATABASE, "DAG_" + DATABASE, "AG_" + DATABASE + "_MI"));
    private static final String INSTANCE = "mi-trials";
    /** When each trial's failover starts, in the twins' time: after setup, so a fault window never hits the setup. */
    private static final Duration TRIAL_START = Duration.ofMinutes(10);
    private static final TokenCredential ANY_TOKEN =
            request -> Mono.just(new AccessToken("trials", OffsetDateTime.now().plusHours(1)));
    /** Made once: RSA keys are slow, and the twins' certificates play no part in a failover. */
    private static final IssuedCertificate TLS = CertificateIssuer.tlsServer(CertificateIssuer.loopbackHostNames(), 1);
    private static final EndpointCertificateChain CHAIN =
            EndpointCertificateChain.issue(INSTANCE + ".abc123def456.database.windows.net");

    private FailoverTrials() {
    }

    /** Runs {@code trials} trials from {@code seed}, telling {@code each} as each ends. */
    public static List<Trial> run(int trials, long seed, Consumer<Trial> each) {
        Random seeds = new Random(seed);
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            Trial t = trial(i, seeds.nextLong());
            out.add(t);
            each.accept(t);
        }
        return out;
    }

    /** One trial, reproducible from its seed. */
    public static Trial trial(int index, long seed) {
        long started = System.nanoTime();
        Random r = new Random(seed);
        int workload = r.nextInt(30);
        int redo = 1 + r.nextInt(60);
        int latencyMs = r.nextInt(200);
        Duration settle = Duration.ofSeconds(r.nextInt(10));
        Duration timeout = Duration.ofSeconds(5 + r.nextInt(120));
        boolean toSqlServer = r.nextBoolean();
        int faultKind = r.nextInt(6);
        // From 20 s before the failover starts to 30 s into it: the gates take tens of simulated seconds.
        long faultAt = TRIAL_START.toSeconds() - 20 + r.nextInt(50);
        long faultFor = 5 + r.nextInt(120);
        String fault = switch (faultKind) {
            case 0 -> "partition";
            case 1 -> "managedInstanceRestart";
            case 2 -> "logFull";
            case 3 -> "slow ARM";
            default -> "none";
        };
        StringBuilder section = new StringBuilder("  workloadLogMbPerSecond: " + workload + "\n  redoMbPerSecond: "
                + redo + "\n  networkLatencyMs: " + latencyMs + "\n");
        if (faultKind <= 2) {
            section.append("  faults:\n    - { kind: ").append(fault).append(", at: PT").append(faultAt)
                    .append("S, for: PT").append(faultFor).append('S')
                    .append(faultKind == 2 ? ", database: " + DATABASE : "").append(" }\n");
        }
        int armLatencyMs = 10 + r.nextInt(150);
        ArmFaultPlan armFaults = faultKind == 3 ? ArmFaultPlan.of(ArmFaultPlan.RouteFault.latency(null,
                "/distributedAvailabilityGroups", Duration.ofMillis(armLatencyMs))) : ArmFaultPlan.NONE;
        String setup = "to " + (toSqlServer ? "SQL Server" : "the instance") + ", workload " + workload + " MB/s, redo "
                + redo + " MB/s, latency " + latencyMs + " ms, settle " + settle.toSeconds() + " s, timeout "
                + timeout.toSeconds() + " s, fault " + fault + (faultKind <= 2 ? " at +" + (faultAt
                - TRIAL_START.toSeconds()) + " s for " + faultFor + " s" : faultKind == 3 ? " (" + armLatencyMs
                + " ms per ARM request)" : "");

        VirtualClock clock = VirtualClock.manual();
        Instant worldStart = clock.now();
        try (LinkedTwins twins = LinkedTwins.builder().scenarioYaml(FleetScenarios.linkedYaml("SQLT", INSTANCE, 1,
                section.toString()), "trial").clock(clock).tls(false).certificates(TLS, CHAIN)
                .operationRetryAfter(Duration.ZERO).armFaults(armFaults).start();
             Session session = Session.open(twins)) {
            PlannedFailover failover = failover(clock);
            LinkWorld world = twins.world();
            clock.advance(Duration.ofMinutes(1));
            if (toSqlServer) {
                // The instance must be primary first: a quiet failover to it, outside what is judged.
                world.pauseWorkload();
                failover.run(session.link, LINK, new PlannedFailover.Options(Duration.ofMinutes(5), Duration.ZERO,
                        Duration.ofSeconds(1), null), PlannedFailover.Progress.SILENT);
                world.resumeWorkload();
            }
            Duration sinceStart = Duration.between(worldStart, clock.now());
            if (sinceStart.compareTo(TRIAL_START) < 0) {
                clock.advance(TRIAL_START.minus(sinceStart));
            }
            int changesBefore = world.roleChanges().size();
            Outcome outcome;
            String gate = null;
            String detail;
            String violation = null;
            try {
                failover.run(session.link, LINK, new PlannedFailover.Options(timeout, settle, Duration.ofSeconds(1),
                        null), PlannedFailover.Progress.SILENT);
                outcome = Outcome.COMPLETED;
                detail = "completed";
            } catch (PlannedFailover.GateTimeoutException e) {
                outcome = Outcome.REFUSED_BY_GATE;
                gate = e.gate() == null ? null : e.gate().name();
                detail = e.getMessage();
                if (e.gate() == null || !e.getMessage().contains("the gate '")) {
                    violation = "a gate timeout that does not name its gate: " + e.getMessage();
                }
            } catch (PlannedFailover.RefusedException e) {
                outcome = Outcome.REFUSED_BY_GATE;
                gate = namedGate(e.getMessage());
                detail = e.getMessage();
                if (gate == null) {
                    violation = "a refusal that names no gate: " + e.getMessage();
                }
            } catch (Exception e) {
                outcome = Outcome.ERROR;
                detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            List<LinkWorld.RoleChange> changes = world.roleChanges();
            List<LinkWorld.RoleChange> during = changes.subList(changesBefore, changes.size());
            for (LinkWorld.RoleChange c : changes) {
                if (c.planned() && c.databases().stream().anyMatch(d -> !d.equal())) {
                    violation = "a planned role change with unequal hardened LSNs: " + c;
                }
            }
            if (violation == null && outcome == Outcome.COMPLETED) {
                LinkRole expected = toSqlServer ? LinkRole.PRIMARY : LinkRole.SECONDARY;
                if (during.size() != 1 || !during.get(0).planned() || during.get(0).sqlServerRoleAfter() != expected) {
                    violation = "completed, but the world made these role changes: " + during;
                }
            }
            if (violation == null && outcome == Outcome.REFUSED_BY_GATE && !during.isEmpty()) {
                violation = "refused, but the world changed roles: " + during;
            }
            return new Trial(index, seed, setup, outcome, gate, detail, violation,
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (Exception e) {
            return new Trial(index, seed, setup, Outcome.ERROR, null, "setup failed: " + e, null,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The gate a refusal's text names ("Db001: replicating: ..."), or null. */
    static String namedGate(String message) {
        for (FailoverGates.Gate g : FailoverGates.Gate.values()) {
            if (message.contains(": " + g.label() + ": ")) {
                return g.name();
            }
        }
        return null;
    }

    /** Waits by moving the twins' clock, so the simulated minutes of a failover take no real time. */
    private static PlannedFailover failover(VirtualClock clock) {
        return new PlannedFailover(new LinkStatusReader(Clock.systemUTC()), new PlannedFailover.Waiter() {
            @Override
            public Instant now() {
                return clock.now();
            }

            @Override
            public void sleep(Duration duration) {
                clock.advance(duration);
            }
        });
    }

    /** The engine's session on the twins: the real driver over TDS, the Azure SDK pipeline over HTTPS. */
    private record Session(Connection connection, LinkSession link) implements AutoCloseable {
        static Session open(LinkedTwins twins) throws Exception {
            SqlServerTwin sql = twins.sqlServer().orElseThrow();
            Connection c = DriverManager.getConnection(sql.jdbcUrl(SqlServerTwin.Encryption.FALSE, null),
                    FleetScenarios.LOGIN, FleetScenarios.PASSWORD);
            var arm = twins.arm().orElseThrow();
            ManagedInstanceRef ref = ManagedInstanceRef.parse(arm.resourceId());
            AzureEnvironment environment = AzureConnections.withResourceManager(AzureEnvironment.AZURE, arm.baseUrl());
            var http = AzureConnections.httpClientTrusting(arm.trustStore());
            return new Session(c, new LinkSession(c, ManagedInstanceClient.connect(ref, ANY_TOKEN, environment, http),
                    LinkArmClient.connect(ref, ANY_TOKEN, environment, http, Duration.ofMillis(20),
                            Duration.ofSeconds(30)), java.util.Map.of()));
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }
}
