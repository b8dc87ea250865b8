package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweep on a Vert.x event loop, through the blocking facade on a borrowed Vert.x (as the service runs it). Real
 * connects, loopback only (127.0.0.1 and a name under the reserved .invalid TLD, which is never sent).
 */
class PortProbeTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final ProbeOptions FAST = new ProbeOptions(Duration.ofMillis(500), 100);
    private static Vertx sweepVertx;
    private static BlockingPortProbe probe;

    @BeforeAll
    static void start() {
        sweepVertx = Vertx.vertx();
        probe = new BlockingPortProbe(sweepVertx, HostResolver.system());
    }

    @AfterAll
    static void stop() throws Exception {
        probe.close();
        sweepVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aListeningPortIsOpen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LoopbackTargets.LOOPBACK)) {
            ProbeReport report = probe.probe(LOOPBACK, PortSet.of(server.getLocalPort()), FAST);
            assertThat(report.ports()).singleElement().satisfies(r -> {
                assertThat(r.port()).isEqualTo(server.getLocalPort());
                assertThat(r.verdict()).isEqualTo(ProbeVerdict.OPEN);
                assertThat(r.millis()).isNotNegative();
            });
            assertThat(report.allOpen()).isTrue();
            assertThat(report.addresses()).containsExactly(LOOPBACK);
            assertThat(report.summary().sweep().addressScopes()).extracting(ResolvedAddress::scope)
                    .containsExactly(AddressScope.LOOPBACK);
        }
    }

    @Test
    void aPortNobodyListensOnIsClosed() throws Exception {
        int port = LoopbackTargets.closedPort();
        ProbeReport report = probe.probe(LOOPBACK, PortSet.of(port), FAST);
        assertThat(report.ports()).singleElement().extracting(PortResult::verdict).isEqualTo(ProbeVerdict.CLOSED);
        assertThat(report.allOpen()).isFalse();
    }

    @Test
    void aPortThatDropsTheSynIsFilteredAfterTheTimeout() throws Exception {
        try (LoopbackTargets.FullBacklog dropping = new LoopbackTargets.FullBacklog()) {
            assumeTrue(dropping.isFull(), "this kernel did not drop SYNs on a full accept queue");
            ProbeOptions options = new ProbeOptions(Duration.ofMillis(300), 10);
            ProbeReport report = probe.probe(LOOPBACK, PortSet.of(dropping.port()), options);
            PortResult result = report.ports().get(0);
            assertThat(result.verdict()).isEqualTo(ProbeVerdict.FILTERED);
            // It waited for the timeout: a dropped SYN has no answer to end the wait sooner.
            assertThat(result.millis()).isGreaterThanOrEqualTo(250.0);
        }
    }

    @Test
    void everyVerdictOfARealSweepIsReportedPerPort() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 50, LoopbackTargets.LOOPBACK);
             LoopbackTargets.FullBacklog dropping = new LoopbackTargets.FullBacklog()) {
            assumeTrue(dropping.isFull(), "this kernel did not drop SYNs on a full accept queue");
            int closed = LoopbackTargets.closedPort();
            ProbeReport report = probe.probe(LOOPBACK, PortSet.of(open.getLocalPort(), closed, dropping.port()),
                    new ProbeOptions(Duration.ofMillis(300), 10));
            assertThat(report.ports()).hasSize(3);
            assertThat(verdictOf(report, open.getLocalPort())).isEqualTo(ProbeVerdict.OPEN);
            assertThat(verdictOf(report, closed)).isEqualTo(ProbeVerdict.CLOSED);
            assertThat(verdictOf(report, dropping.port())).isEqualTo(ProbeVerdict.FILTERED);
            assertThat(report.summary().count(ProbeVerdict.OPEN)).isEqualTo(1);
        }
    }

    private static ProbeVerdict verdictOf(ProbeReport report, int port) {
        return report.ports().stream().filter(r -> r.port() == port).findFirst().orElseThrow().verdict();
    }

    @Test
    void aNameThatDoesNotResolveMakesEveryAskedPortUnresolvedAndSendsNothing() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        ProbeReport report = probe.probe("milink-netprobe-test.invalid", PortSet.parse("5022,11000-11002"), FAST,
                new ProbeListener() {
                    @Override
                    public void started(int port) {
                        connects.incrementAndGet();
                    }
                });
        assertThat(connects).hasValue(0);
        assertThat(report.addresses()).isEmpty();
        assertThat(report.ports()).hasSize(4).allMatch(r -> r.verdict() == ProbeVerdict.UNRESOLVED);
        assertThat(report.summary().sweep().dnsWarnings()).singleElement().asString().contains("does not resolve");
    }

    @Test
    void anEmptyHostIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> probe.probe("  ", PortSet.of(5022), FAST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host given");
    }

    @Test
    void aThousandPortsRunConcurrentlyWithNeverMoreInFlightThanTheBoundAndOnlyTheAskedPorts() throws Exception {
        int bound = 50;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        Set<Integer> started = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        ProbeListener counter = new ProbeListener() {
            @Override
            public void started(int port) {
                if (!started.add(port)) {
                    duplicates.incrementAndGet();
                }
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            }

            @Override
            public void finished(PortResult result) {
                inFlight.decrementAndGet();
            }
        };
        PortSet ports = LoopbackTargets.closedPorts(1000);
        // How fast a sweep is belongs to the sweep benchmark, not here: a loaded machine makes any bound flaky.
        ProbeReport report = probe.probe(LOOPBACK, ports, new ProbeOptions(Duration.ofMillis(500), bound), counter);

        assertThat(maxInFlight.get()).isGreaterThan(1).isLessThanOrEqualTo(bound);
        assertThat(duplicates).hasValue(0);
        assertThat(started).containsExactlyInAnyOrderElementsOf(ports.ports());
        assertThat(report.ports()).extracting(PortResult::port).containsExactlyElementsOf(ports.ports());
        assertThat(report.summary().sweep().concurrency()).isEqualTo(bound);
    }

    @Test
    void cancellingStopsNewConnectsAndReportsOnlyWhatWasProbed() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            AtomicReference<PortProbe.Sweep> sweep = new AtomicReference<>();
            AtomicBoolean finishedBeforeReferenceSet = new AtomicBoolean();
            ProbeListener cancelAfterFirst = new ProbeListener() {
                @Override
                public void finished(PortResult result) {
                    // On the event loop: never wait here, just cancel (or note that the test thread must).
                    PortProbe.Sweep s = sweep.get();
                    if (s != null) {
                        s.cancel();
                    } else {
                        finishedBeforeReferenceSet.set(true);
                    }
                }
            };
            PortSet ports = LoopbackTargets.closedPorts(20);
            sweep.set(new PortProbe(vertx).start(LOOPBACK, ports, new ProbeOptions(Duration.ofMillis(500), 1),
                    cancelAfterFirst));
            if (finishedBeforeReferenceSet.get()) {
                sweep.get().cancel();
            }
            ProbeReport report = sweep.get().result().toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(report.ports()).isNotEmpty().hasSizeLessThan(ports.size());
            assertThat(report.ports()).allMatch(r -> r.verdict() == ProbeVerdict.CLOSED);
            assertThat(report.summary().sweep().cancelled()).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theBlockingFacadeRefusesToWaitOnAnEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    probe.probe(LOOPBACK, PortSet.of(5022), FAST);
                    thrown.complete(null);
                } catch (Throwable t) {
                    thrown.complete(t);
                }
            });
            assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("plain thread");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theBlockingFacadeWaitsOnAWorkerThreadAsTheServiceRunsPreflight() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ProbeReport report = vertx.executeBlocking(() -> probe.probe(LOOPBACK, PortSet.of(5022), FAST))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(report.host()).isEqualTo(LOOPBACK);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBlockingFacadeOnABorrowedVertxSweepsFromItsWorkersAndLeavesItRunningWhenClosed() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ProbeReport report = vertx.executeBlocking(() -> {
                try (BlockingPortProbe borrowed = new BlockingPortProbe(vertx, HostResolver.system())) {
                    return borrowed.probe(LOOPBACK, PortSet.of(5022), FAST);
                }
            }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(report.host()).isEqualTo(LOOPBACK);
            assertThat(report.ports()).hasSize(1);
            // Closing the facade did not close the owner's Vert.x: it still runs work.
            assertThat(vertx.executeBlocking(() -> "still running").toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).isEqualTo("still running");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void worstCaseWaitIsOneTimeoutPerWavePlusDns() {
        // The default concurrency covers the link's 1,001 ports in one wave (plus one timeout of slack and DNS).
        assertThat(BlockingPortProbe.worstCase(PortSet.linkDefault(), ProbeOptions.defaults()))
                .isEqualTo(Duration.ofSeconds(3 * 2 + 60));
        assertThat(BlockingPortProbe.worstCase(PortSet.linkDefault(), new ProbeOptions(Duration.ofSeconds(3), 100)))
                .isEqualTo(Duration.ofSeconds(3 * 12 + 60));
        assertThat(List.of(ProbeOptions.defaults().concurrency())).containsExactly(1_024);
    }
}
