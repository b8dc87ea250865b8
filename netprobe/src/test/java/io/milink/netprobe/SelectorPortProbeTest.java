package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The java.nio sweep, with real connects on loopback only (127.0.0.1, and names under the reserved .invalid TLD,
 * which are never sent).
 */
class SelectorPortProbeTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final ProbeOptions FAST = new ProbeOptions(Duration.ofMillis(500), 100);

    private final SelectorPortProbe probe = new SelectorPortProbe();
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopOtherThread() {
        other.shutdownNow();
    }

    @Test
    void aListeningPortIsOpenAndTheListenerIsToldOnTheCallingThread() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LoopbackTargets.LOOPBACK)) {
            Set<Thread> listenerThreads = ConcurrentHashMap.newKeySet();
            ProbeListener whereTold = new ProbeListener() {
                @Override
                public void started(int port) {
                    listenerThreads.add(Thread.currentThread());
                }

                @Override
                public void finished(PortResult result) {
                    listenerThreads.add(Thread.currentThread());
                }
            };
            ProbeReport report = probe.sweep(LOOPBACK, PortSet.of(server.getLocalPort()), FAST, whereTold).run();

            assertThat(report.ports()).singleElement().satisfies(r -> {
                assertThat(r.port()).isEqualTo(server.getLocalPort());
                assertThat(r.verdict()).isEqualTo(ProbeVerdict.OPEN);
                assertThat(r.millis()).isNotNegative();
            });
            assertThat(report.allOpen()).isTrue();
            assertThat(report.addresses()).containsExactly(LOOPBACK);
            assertThat(report.summary().sweep().addressScopes()).extracting(ResolvedAddress::scope)
                    .containsExactly(AddressScope.LOOPBACK);
            assertThat(report.summary().sweep().cancelled()).isFalse();
            assertThat(listenerThreads).containsExactly(Thread.currentThread());
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
            ProbeReport report = probe.probe(LOOPBACK, PortSet.of(dropping.port()),
                    new ProbeOptions(Duration.ofMillis(300), 10));
            PortResult result = report.ports().get(0);
            assertThat(result.verdict()).isEqualTo(ProbeVerdict.FILTERED);
            // It waited for its deadline: a dropped SYN has no answer to end the wait sooner.
            assertThat(result.millis()).isGreaterThanOrEqualTo(300.0);
        }
    }

    @Test
    void everyVerdictOfAMixedSweepIsReportedPerPortInAscendingOrder() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 50, LoopbackTargets.LOOPBACK);
             LoopbackTargets.FullBacklog dropping = new LoopbackTargets.FullBacklog()) {
            assumeTrue(dropping.isFull(), "this kernel did not drop SYNs on a full accept queue");
            int closed = LoopbackTargets.closedPort();
            ProbeReport report = probe.probe(LOOPBACK, PortSet.of(open.getLocalPort(), closed, dropping.port()),
                    new ProbeOptions(Duration.ofMillis(300), 10));

            assertThat(report.ports()).extracting(PortResult::port).isSorted().hasSize(3);
            assertThat(verdictOf(report, open.getLocalPort())).isEqualTo(ProbeVerdict.OPEN);
            assertThat(verdictOf(report, closed)).isEqualTo(ProbeVerdict.CLOSED);
            assertThat(verdictOf(report, dropping.port())).isEqualTo(ProbeVerdict.FILTERED);
            assertThat(report.summary().count(ProbeVerdict.OPEN)).isEqualTo(1);
            assertThat(report.summary().sweep().timeoutMillis()).isEqualTo(300);
            assertThat(report.summary().sweep().concurrency()).isEqualTo(10);
        }
    }

    @Test
    void aNameThatDoesNotResolveMakesEveryAskedPortUnresolvedAndSendsNothing() throws Exception {
        CountingListener counter = new CountingListener();
        ProbeReport report = probe.sweep("milink-netprobe-test.invalid", PortSet.parse("5022,11000-11002"), FAST,
                counter).run();

        assertThat(counter.started).isEmpty();
        assertThat(report.resolved()).isFalse();
        assertThat(report.ports()).hasSize(4).allMatch(r -> r.verdict() == ProbeVerdict.UNRESOLVED);
        assertThat(report.summary().sweep().probedAddress()).isNull();
        assertThat(report.summary().sweep().dnsWarnings()).singleElement().asString().contains("does not resolve");
    }

    @Test
    void aResolverThatFailsOtherwiseOrFindsNothingLeavesTheNameUnresolved() throws Exception {
        HostResolver broken = host -> {
            throw new SecurityException("name service forbidden");
        };
        HostResolver empty = host -> new InetAddress[0];

        ProbeReport failed = new SelectorPortProbe(broken).probe("db.example.invalid", PortSet.of(5022), FAST);
        ProbeReport nothing = new SelectorPortProbe(empty).probe("db.example.invalid", PortSet.of(5022), FAST);

        assertThat(failed.ports()).singleElement().extracting(PortResult::verdict)
                .isEqualTo(ProbeVerdict.UNRESOLVED);
        assertThat(failed.summary().sweep().dnsWarnings()).singleElement().asString()
                .contains("name service forbidden");
        assertThat(nothing.ports()).singleElement().extracting(PortResult::verdict)
                .isEqualTo(ProbeVerdict.UNRESOLVED);
        assertThat(nothing.summary().sweep().dnsWarnings()).singleElement().asString().contains("no addresses");
    }

    @Test
    void onlyTheFirstAddressOfTheNameIsProbed() throws Exception {
        InetAddress first = InetAddress.getByName(LOOPBACK);
        InetAddress second = InetAddress.getByName("127.0.0.2");
        HostResolver twoAddresses = host -> new InetAddress[] {first, second};
        try (ServerSocket server = new ServerSocket(0, 50, first)) {
            ProbeReport report = new SelectorPortProbe(twoAddresses).probe("db.example.invalid",
                    PortSet.of(server.getLocalPort()), FAST);

            assertThat(report.addresses()).containsExactly("127.0.0.1", "127.0.0.2");
            assertThat(report.summary().sweep().probedAddress()).isEqualTo("127.0.0.1");
            assertThat(report.ports()).singleElement().extracting(PortResult::verdict).isEqualTo(ProbeVerdict.OPEN);
        }
    }

    @Test
    void anEmptyHostIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> probe.sweep("  ", PortSet.of(5022), FAST, ProbeListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host given");
    }

    @Test
    void aThousandPortsRunConcurrentlyWithNeverMoreInFlightThanTheBoundAndOnlyTheAskedPorts() throws Exception {
        int bound = 50;
        CountingListener counter = new CountingListener();
        PortSet ports = LoopbackTargets.closedPorts(1000);

        ProbeReport report = probe.sweep(LOOPBACK, ports, new ProbeOptions(Duration.ofMillis(500), bound), counter)
                .run();

        assertThat(counter.maxInFlight.get()).isGreaterThan(1).isLessThanOrEqualTo(bound);
        assertThat(counter.duplicates).hasValue(0);
        assertThat(counter.started).containsExactlyInAnyOrderElementsOf(ports.ports());
        assertThat(counter.inFlight).hasValue(0);
        assertThat(report.ports()).extracting(PortResult::port).containsExactlyElementsOf(ports.ports());
        assertThat(report.ports()).allMatch(r -> r.verdict() == ProbeVerdict.CLOSED);
        assertThat(report.summary().sweep().concurrency()).isEqualTo(bound);
    }

    @Test
    void cancellingFromTheListenerStopsNewConnectsAndReportsOnlyWhatWasProbed() throws Exception {
        AtomicReference<SelectorPortProbe.Sweep> sweep = new AtomicReference<>();
        ProbeListener cancelAfterFirst = new ProbeListener() {
            @Override
            public void finished(PortResult result) {
                sweep.get().cancel();
            }
        };
        PortSet ports = LoopbackTargets.closedPorts(20);
        sweep.set(probe.sweep(LOOPBACK, ports, new ProbeOptions(Duration.ofMillis(500), 1), cancelAfterFirst));

        ProbeReport report = sweep.get().run();

        assertThat(report.ports()).singleElement().extracting(PortResult::verdict).isEqualTo(ProbeVerdict.CLOSED);
        assertThat(report.summary().probed()).isEqualTo(1);
        assertThat(report.summary().sweep().cancelled()).isTrue();
    }

    @Test
    void cancellingFromAnotherThreadLetsTheConnectInFlightFinishAndStartsNoMore() throws Exception {
        try (LoopbackTargets.FullBacklog one = new LoopbackTargets.FullBacklog();
             LoopbackTargets.FullBacklog two = new LoopbackTargets.FullBacklog()) {
            assumeTrue(one.isFull() && two.isFull(), "this kernel did not drop SYNs on a full accept queue");
            CountDownLatch firstStarted = new CountDownLatch(1);
            ProbeListener signal = new ProbeListener() {
                @Override
                public void started(int port) {
                    firstStarted.countDown();
                }
            };
            // One at a time: the first dropped connect is waiting for its deadline when the cancel arrives.
            SelectorPortProbe.Sweep sweep = probe.sweep(LOOPBACK, PortSet.of(one.port(), two.port()),
                    new ProbeOptions(Duration.ofMillis(300), 1), signal);
            Future<ProbeReport> running = other.submit(sweep::run);
            assertThat(firstStarted.await(30, TimeUnit.SECONDS)).isTrue();
            sweep.cancel();

            ProbeReport report = running.get(30, TimeUnit.SECONDS);

            assertThat(report.ports()).singleElement().extracting(PortResult::verdict)
                    .isEqualTo(ProbeVerdict.FILTERED);
            assertThat(report.summary().sweep().cancelled()).isTrue();
        }
    }

    @Test
    void aSweepCancelledBeforeItRunsSendsNothing() throws Exception {
        CountingListener counter = new CountingListener();
        SelectorPortProbe.Sweep sweep = probe.sweep(LOOPBACK, LoopbackTargets.closedPorts(3), FAST, counter);
        sweep.cancel();

        ProbeReport report = sweep.run();

        assertThat(counter.started).isEmpty();
        assertThat(report.ports()).isEmpty();
        assertThat(report.summary().sweep().cancelled()).isTrue();
    }

    @Test
    void anInterruptAbandonsTheSweepWithoutWaitingForTheConnectsInFlight() throws Exception {
        try (LoopbackTargets.FullBacklog dropping = new LoopbackTargets.FullBacklog()) {
            assumeTrue(dropping.isFull(), "this kernel did not drop SYNs on a full accept queue");
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Thread> sweeping = new AtomicReference<>();
            ProbeListener signal = new ProbeListener() {
                @Override
                public void started(int port) {
                    sweeping.set(Thread.currentThread());
                    started.countDown();
                }
            };
            // A timeout far longer than the wait below: only the interrupt can end this sweep in time.
            SelectorPortProbe.Sweep sweep = probe.sweep(LOOPBACK, PortSet.of(dropping.port()),
                    new ProbeOptions(Duration.ofMinutes(2), 1), signal);
            Future<ProbeReport> running = other.submit(sweep::run);
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            sweeping.get().interrupt();

            assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void aSweepRunsOnce() throws Exception {
        SelectorPortProbe.Sweep sweep = probe.sweep(LOOPBACK, PortSet.of(LoopbackTargets.closedPort()), FAST,
                ProbeListener.NONE);
        sweep.run();

        assertThatThrownBy(sweep::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("runs once");
    }

    @Test
    void theDefaultBlockingFacadeSweepsOnTheCallingThread() throws Exception {
        List<Thread> told = new CopyOnWriteArrayList<>();
        ProbeListener whereTold = new ProbeListener() {
            @Override
            public void started(int port) {
                told.add(Thread.currentThread());
            }
        };
        try (BlockingPortProbe facade = new BlockingPortProbe()) {
            ProbeReport report = facade.probe(LOOPBACK, PortSet.of(LoopbackTargets.closedPort()), FAST, whereTold);
            assertThat(report.ports()).singleElement().extracting(PortResult::verdict)
                    .isEqualTo(ProbeVerdict.CLOSED);
        }
        assertThat(told).containsExactly(Thread.currentThread());
    }

    private static ProbeVerdict verdictOf(ProbeReport report, int port) {
        return report.ports().stream().filter(r -> r.port() == port).findFirst().orElseThrow().verdict();
    }

    /** Counts connects started and in flight (told on the sweeping thread, read on the test's). */
    private static final class CountingListener implements ProbeListener {
        final Set<Integer> started = ConcurrentHashMap.newKeySet();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

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
    }
}
