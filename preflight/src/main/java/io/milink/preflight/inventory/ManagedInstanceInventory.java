package io.milink.preflight.inventory;

import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceInfo;
import io.milink.preflight.facts.ManagedInstanceFacts;
import io.milink.preflight.facts.ManagedInstanceFacts.LinkFact;
import io.milink.preflight.facts.ManagedInstanceFacts.PermissionFact;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the managed instance's facts through Azure Resource Manager. Blocking: run it on a worker thread, never an
 * event loop. The reads are independent GETs, so they run in parallel on a small pool of its own: the wall time is
 * about two ARM round trips (the instance, then its failover groups, which need its location) instead of seven.
 */
public final class ManagedInstanceInventory {

    /**
     * Small, as ARM throttles per caller: with 4 threads the six reads that need only the resource id and the one
     * that needs the instance's location take two rounds, as few as any pool size gives.
     */
    static final int PARALLEL_READS = 4;

    private ManagedInstanceInventory() {
    }

    /**
     * A failed read becomes facts with ARM's status and error code, never an exception. Each read fails on its own:
     * a stopped instance still shows its state, but refuses its endpoint certificate; an identity without
     * Microsoft.Insights read still gets every other fact.
     */
    public static ManagedInstanceFacts collect(ManagedInstanceClient client) {
        return collect(client, PARALLEL_READS);
    }

    /**
     * As {@link #collect(ManagedInstanceClient)} with {@code parallelReads} threads; 1 reads one after another (what
     * bench/ArmInventoryBench compares with).
     */
    public static ManagedInstanceFacts collect(ManagedInstanceClient client, int parallelReads) {
        if (parallelReads < 1) {
            throw new IllegalArgumentException("parallelReads must be >= 1");
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallelReads, new ThreadFactory() {
            private final AtomicInteger next = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "milink-arm-read-" + next.incrementAndGet());
                t.setDaemon(true);
                return t;
            }
        });
        try {
            return collect(client, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ManagedInstanceFacts collect(ManagedInstanceClient client, ExecutorService pool) {
        String id = client.ref().resourceId();
        CompletableFuture<Read<ManagedInstanceInfo>> instance = async(client::instance, pool);
        CompletableFuture<Read<List<String>>> databases = async(client::databaseNames, pool);
        CompletableFuture<Read<String>> certificate = async(() -> endpointCertificate(client), pool);
        CompletableFuture<Read<Double>> usedStorage = async(client::usedStorageMb, pool);
        CompletableFuture<Read<List<LinkFact>>> links = async(() -> client.links().stream()
                .map(l -> new LinkFact(l.name(), l.instanceAvailabilityGroupName(), l.partnerAvailabilityGroupName(),
                        l.databases()))
                .toList(), pool);
        CompletableFuture<Read<List<PermissionFact>>> permissions = async(() -> client.permissions().stream()
                .map(p -> new PermissionFact(p.actions(), p.notActions())).toList(), pool);
        // The only dependent read: failover groups are listed per location, which the instance read gives.
        CompletableFuture<Read<List<String>>> failoverGroups = instance.thenCompose(i -> {
            if (i.failure() != null) {
                return CompletableFuture.completedFuture(new Read<>(null, null, null));
            }
            String location = i.value().location();
            return location == null
                    ? CompletableFuture.completedFuture(new Read<>(null,
                            "the instance has no location to list failover groups in", null))
                    : async(() -> client.instanceFailoverGroups(location), pool);
        });

        Read<ManagedInstanceInfo> instanceRead = await(instance);
        if (instanceRead.failure() != null) {
            ArmCallException e = instanceRead.failure();
            return ManagedInstanceFacts.failed(id, e.status(), e.code(), e.armMessage());
        }
        ManagedInstanceInfo info = instanceRead.value();
        Read<List<String>> dbs = await(databases);
        Read<String> cert = await(certificate);
        Read<Double> used = await(usedStorage);
        Read<List<String>> groups = await(failoverGroups);
        Read<List<LinkFact>> linkRead = await(links);
        Read<List<PermissionFact>> permissionRead = await(permissions);
        return new ManagedInstanceFacts(id, null, null, null, info.state(), info.fqdn(), info.collation(),
                info.updatePolicy(), info.serviceTier(), info.vCores(), info.storageSizeGb(), dbs.value(),
                dbs.error(), cert.value(), cert.error(), info.location(), used.value(), used.error(),
                groups.value(), groups.error(), linkRead.value(), linkRead.error(), permissionRead.value(),
                permissionRead.error());
    }

    /** One read's outcome: its value, or ARM's code and message and the exception (the instance read needs it). */
    private record Read<T>(T value, String error, ArmCallException failure) {
    }

    @FunctionalInterface
    private interface ArmRead<T> {
        T get() throws ArmCallException;
    }

    private static <T> CompletableFuture<Read<T>> async(ArmRead<T> call, ExecutorService pool) {
        return CompletableFuture.supplyAsync(() -> read(call), pool);
    }

    private static <T> Read<T> read(ArmRead<T> call) {
        try {
            return new Read<>(call.get(), null, null);
        } catch (ArmCallException e) {
            return new Read<>(null, (e.code() == null ? "" : e.code() + ": ") + e.armMessage(), e);
        }
    }

    /** The read's outcome; anything but an ArmCallException (a bug, not an ARM answer) is rethrown as it was. */
    private static <T> Read<T> await(CompletableFuture<Read<T>> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the managed instance over ARM", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** ARM shows the endpoint certificate's blob as hex, with or without 0x; facts hold upper-case hex. */
    private static String endpointCertificate(ManagedInstanceClient client) throws ArmCallException {
        return normalizedHex(client.endpointCertificateBlob());
    }

    /** Upper-case hex without {@code 0x}; a blob that is not hex is that read's failure (an ArmCallException). */
    static String normalizedHex(String blob) throws ArmCallException {
        if (blob == null) {
            return null;
        }
        String hex = blob.trim();
        hex = hex.regionMatches(true, 0, "0x", 0, 2) ? hex.substring(2) : hex;
        try {
            return HexFormat.of().withUpperCase().formatHex(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            // Azure's answer, not a bug of ours: reported as that read's failure, like any other unusable answer.
            throw new ArmCallException(200, "UnreadableCertificateBlob", "the instance's endpoint certificate "
                    + "blob is not hexadecimal (" + e.getMessage() + ")", "the endpoint certificate's publicBlob is "
                    + "not hexadecimal", e);
        }
    }
}
