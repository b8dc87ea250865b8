package io.milink.bench;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;

import io.milink.core.azure.AzureConnections;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceRef;
import io.milink.preflight.facts.ManagedInstanceFacts;
import io.milink.preflight.inventory.ManagedInstanceInventory;
import io.milink.simulator.BuiltInScenarios;
import io.milink.simulator.arm.ArmFaultPlan;
import io.milink.simulator.arm.ArmTwin;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * A timed harness (not a test): the managed instance's ARM reads ({@link ManagedInstanceInventory#collect}) one
 * after another (1 thread, as milink read them before) against in parallel (the default pool), on the ARM twin of
 * {@code ready-2022} with a latency injected into every request ({@link ArmFaultPlan.RouteFault#latency}), through
 * the real Azure SDK pipeline over HTTPS. Both paths must read the same facts; the harness checks it.
 *
 * <p>Usage: {@code bench/run.sh ArmInventoryBench [latencyMs=100] [iterations=15]}.
 */
public final class ArmInventoryBench {

    public static void main(String[] args) throws Exception {
        int latencyMs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        ArmFaultPlan latency = ArmFaultPlan.of(ArmFaultPlan.RouteFault.latency(null, "/",
                Duration.ofMillis(latencyMs)));
        try (ArmTwin arm = ArmTwin.builder().scenarioYaml(BuiltInScenarios.yaml("ready-2022"), "ready-2022")
                .faults(latency).start()) {
            ManagedInstanceClient client = client(arm);
            ManagedInstanceFacts sequential = ManagedInstanceInventory.collect(client, 1);
            ManagedInstanceFacts parallel = ManagedInstanceInventory.collect(client);
            if (!sequential.equals(parallel) || !parallel.read()) {
                throw new IllegalStateException("the two paths read different facts:\n" + sequential + "\n"
                        + parallel);
            }
            for (int i = 0; i < 3; i++) { // warm-up
                ManagedInstanceInventory.collect(client, 1);
                ManagedInstanceInventory.collect(client);
            }
            List<Double> oneByOne = new ArrayList<>();
            List<Double> inParallel = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                oneByOne.add(time(() -> ManagedInstanceInventory.collect(client, 1)));
                inParallel.add(time(() -> ManagedInstanceInventory.collect(client)));
            }
            System.out.printf("ARM inventory of ready-2022, %d ms injected per request, %d iterations (median, min,"
                    + " max)%n", latencyMs, iterations);
            System.out.println("one after another (1 thread): " + stats(oneByOne));
            System.out.println("in parallel (default pool):   " + stats(inParallel));
        }
    }

    private static double time(Runnable run) {
        long start = System.nanoTime();
        run.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static String stats(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format("%.1f ms (min %.1f, max %.1f)", sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    /** The product's client pointed at the twin, trusting its certificate; the twin accepts any token. */
    private static ManagedInstanceClient client(ArmTwin arm) {
        TokenCredential anyToken = request -> Mono.just(new AccessToken("bench",
                OffsetDateTime.now().plusHours(1)));
        return AzureConnections.managedInstance(ManagedInstanceRef.parse(arm.resourceId()), anyToken, arm.baseUrl(),
                arm.trustStore());
    }
}
