package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A real listener on loopback, real clients on loopback. */
class InboundListenerTest {

    @Test
    void recordsWhoConnectedAndStopsByItselfAfterTheDuration() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (InboundListener listener = InboundListener.bind("127.0.0.1", 0)) {
            List<InboundConnection> told = new CopyOnWriteArrayList<>();
            long begin = System.nanoTime();
            Future<ListenReport> session = pool.submit(() -> listener.runFor(Duration.ofMillis(700), told::add));
            int sourcePort;
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", listener.port()), 1000);
                sourcePort = client.getLocalPort();
            }
            ListenReport report = session.get(5, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

            assertThat(millis).isBetween(600L, 3000L);
            assertThat(report.anyConnected()).isTrue();
            assertThat(report.connections()).singleElement().satisfies(c -> {
                assertThat(c.address()).isEqualTo("127.0.0.1");
                assertThat(c.sourcePort()).isEqualTo(sourcePort);
                assertThat(c.scope()).isEqualTo(AddressScope.LOOPBACK);
            });
            assertThat(told).isEqualTo(report.connections());
            assertThat(report.port()).isEqualTo(listener.port());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aQuietSessionReportsNobody() throws Exception {
        try (InboundListener listener = InboundListener.bind("127.0.0.1", 0)) {
            ListenReport report = listener.runFor(Duration.ofMillis(200), c -> { });
            assertThat(report.anyConnected()).isFalse();
            assertThat(report.listenedFor()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
    }

    @Test
    void refusesToStartOnATakenPortAndNamesTheHolderWhenItCan() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LoopbackTargets.LOOPBACK)) {
            assertThatThrownBy(() -> InboundListener.bind("127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .satisfies(e -> {
                        if (Files.isReadable(Path.of("/proc/net/tcp"))) {
                            assertThat(e.getMessage()).contains("held by pid " + ProcessHandle.current().pid());
                        } else {
                            assertThat(e.getMessage()).contains("cannot tell");
                        }
                    });
        }
    }

    @Test
    void thePortHolderSaysItCannotTellForAPortNobodyListensOn() throws Exception {
        int free = LoopbackTargets.closedPort();
        assertThat(PortHolder.system().describe(free)).isEmpty();
        assertThat(PortHolder.howToFindOut(5022)).contains("ss -ltnp").contains("netstat -ano");
    }

    @Test
    void aSessionIsBoundedInTime() throws Exception {
        try (InboundListener listener = InboundListener.bind("127.0.0.1", 0)) {
            assertThatThrownBy(() -> listener.runFor(Duration.ofHours(2), c -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("60 minutes");
            assertThatThrownBy(() -> listener.runFor(Duration.ZERO, c -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
