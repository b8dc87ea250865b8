package io.milink.netprobe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** Real loopback targets for each verdict. Nothing here touches an address outside 127.0.0.0/8. */
final class LoopbackTargets {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private LoopbackTargets() {
    }

    /** A port nothing listens on: bound to learn a free number, then closed, so a connect is refused. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /**
     * {@code count} distinct ports nobody listens on at this moment: bound to learn free numbers, then closed.
     * Sweeps use these rather than a fixed range, so they never knock on another process's loopback listener.
     */
    static PortSet closedPorts(int count) throws IOException {
        List<ServerSocket> temporary = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                temporary.add(new ServerSocket(0, 1, LOOPBACK));
            }
            return PortSet.of(temporary.stream().mapToInt(ServerSocket::getLocalPort).toArray());
        } finally {
            for (ServerSocket s : temporary) {
                s.close();
            }
        }
    }

    /**
     * A listener whose accept queue is full, so Linux drops further SYNs (tcp_conn_request: "listen overflow")
     * and a connect times out exactly as behind a DROP rule. Filled with plain sockets until one times out
     * (bounded attempts); {@link #isFull()} says whether that worked on this kernel.
     */
    static final class FullBacklog implements AutoCloseable {
        final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();
        private boolean full;

        FullBacklog() throws IOException {
            server = new ServerSocket(0, 1, LOOPBACK);
            for (int i = 0; i < 8 && !full; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()), 150);
                    fillers.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    full = true;
                }
            }
        }

        int port() {
            return server.getLocalPort();
        }

        boolean isFull() {
            return full;
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            server.close();
        }
    }
}
