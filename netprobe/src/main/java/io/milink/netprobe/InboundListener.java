package io.milink.netprobe;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A short-lived TCP listener that records who connected, for testing the managed instance → SQL Server direction
 * before a mirroring endpoint exists (reference §2.5 does it with a throw-away endpoint; this needs no SQL). Each
 * connection is accepted and closed at once; nothing is read or sent. The session is bounded in time and stops by
 * itself.
 *
 * <p>It blocks the calling thread (plain JDK sockets), so it must not run on a Vert.x event loop.
 */
public final class InboundListener implements AutoCloseable {

    /** Longest session: a forgotten listener must not stay open on 5022. */
    public static final Duration MAX_DURATION = Duration.ofHours(1);
    /** Connections recorded at most; more are counted as truncated. */
    public static final int MAX_RECORDED = 10_000;

    private final ServerSocket server;
    private final String bindAddress;

    private InboundListener(ServerSocket server, String bindAddress) {
        this.server = server;
        this.bindAddress = bindAddress;
    }

    /**
     * Binds now, so "port taken" is known before the session starts.
     *
     * @param bindAddress an address literal or name to listen on; {@code 0.0.0.0} for every interface
     * @throws PortInUseException when something else holds the port; the message names it when it can
     */
    public static InboundListener bind(String bindAddress, int port) throws IOException {
        if (port != 0) {
            PortRange.checkPort(port); // 0 asks the system for a free port (tests, and "any port will do")
        }
        InetAddress address = InetAddress.getByName(bindAddress);
        ServerSocket server = new ServerSocket();
        try {
            // No SO_REUSEADDR: binding must fail whenever anything else has the port, as SQL Server's would.
            server.setReuseAddress(false);
            server.bind(new InetSocketAddress(address, port), 50);
        } catch (BindException e) {
            server.close();
            String holder = PortHolder.system().describe(port)
                    .map(h -> "held by " + h)
                    .orElse("cannot tell which process holds it; " + PortHolder.howToFindOut(port));
            throw new PortInUseException(port, "port " + port + " on " + address.getHostAddress()
                    + " is already in use (" + holder + "). If it is SQL Server's mirroring endpoint, test it with "
                    + "'milink netprobe --host' from the other side instead", e);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new InboundListener(server, address.getHostAddress());
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Accepts connections until the duration has passed, telling {@code onEach} as each arrives, then closes.
     *
     * @throws IllegalArgumentException when the duration is not positive or longer than {@link #MAX_DURATION}
     */
    public ListenReport runFor(Duration duration, Consumer<InboundConnection> onEach) throws IOException {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("the listening duration must be between 1 ms and "
                    + MAX_DURATION.toMinutes() + " minutes");
        }
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<InboundConnection> seen = new ArrayList<>();
        boolean truncated = false;
        try (server) {
            while (true) {
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    break;
                }
                server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
                try (Socket socket = server.accept()) {
                    InetSocketAddress from = (InetSocketAddress) socket.getRemoteSocketAddress();
                    InboundConnection c = new InboundConnection(from.getAddress().getHostAddress(), from.getPort(),
                            Instant.now(), AddressScope.of(from.getAddress()));
                    if (seen.size() < MAX_RECORDED) {
                        seen.add(c);
                        onEach.accept(c);
                    } else {
                        truncated = true;
                    }
                } catch (SocketTimeoutException e) {
                    break;
                } catch (SocketException e) {
                    if (server.isClosed()) {
                        break; // closed by close() from another thread
                    }
                    throw e;
                }
            }
        }
        return new ListenReport(bindAddress, port(), Duration.ofNanos(System.nanoTime() - start), seen, truncated);
    }

    /** Stops listening early. */
    @Override
    public void close() throws IOException {
        server.close();
    }
}
