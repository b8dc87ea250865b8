package io.milink.simulator.tds;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import io.milink.simulator.engine.TsqlEngine;

/**
 * A TCP server speaking TDS 7.4 (and TDS 8.0 strict TLS) in front of a {@link TsqlEngine}, well enough for the
 * unmodified mssql-jdbc driver. Blocking sockets: one accept thread, and per connection one thread plus a reader
 * thread that notices ATTENTION while a request runs.
 */
public final class TdsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TdsServer.class.getName());
    private static final long CLOSE_JOIN_MILLIS = 3_000;

    private final TsqlEngine engine;
    private final TdsServerOptions options;
    private final SSLContext tls;
    private final ServerSocket listener;
    private final Thread acceptThread;
    private final Set<TdsConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final Map<TlsMode, AtomicInteger> negotiated = new EnumMap<>(TlsMode.class);
    private final Map<Integer, AtomicInteger> requests = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    private TdsServer(TsqlEngine engine, TdsServerOptions options) throws IOException {
        this.engine = engine;
        this.options = options;
        this.tls = options.tlsCertificate() == null ? null : TlsContexts.serverContext(options.tlsCertificate());
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(options.bindHost()), options.port()), 50);
        for (TlsMode mode : TlsMode.values()) {
            negotiated.put(mode, new AtomicInteger());
        }
        this.acceptThread = new Thread(this::acceptLoop, "tds-accept-" + listener.getLocalPort());
        acceptThread.setDaemon(true);
    }

    public static TdsServer start(TsqlEngine engine, TdsServerOptions options) throws IOException {
        TdsServer server = new TdsServer(engine, options);
        server.acceptThread.start();
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String host() {
        return options.bindHost();
    }

    /** Connections currently open (for tests and diagnostics). */
    int openConnections() {
        return connections.size();
    }

    /**
     * How the open connection of session {@code spid} ({@code @@SPID}) is protected, or empty when no open
     * connection has that session. For tests that must prove which TLS version a client negotiated.
     */
    public java.util.Optional<SessionEncryption> sessionEncryption(int spid) {
        for (TdsConnection c : connections) {
            SessionEncryption e = c.encryptionOf(spid);
            if (e != null) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Requests (SQL batches and RPC messages; each one client round trip) per connection since its login, by
     * connection number in the order they were accepted; a connection that sent none is absent. A snapshot.
     */
    public Map<Integer, Integer> requestsByConnection() {
        Map<Integer, Integer> snapshot = new java.util.TreeMap<>();
        requests.forEach((id, count) -> snapshot.put(id, count.get()));
        return snapshot;
    }

    /** How many connections negotiated each TLS mode (for tests and diagnostics). */
    int negotiatedCount(TlsMode mode) {
        return negotiated.get(mode).get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "TDS accept failed: " + e);
                }
                return;
            }
            int id = connectionIds.incrementAndGet();
            TdsConnection connection = new TdsConnection(id, socket, engine, options.faults(), tls,
                    connections::remove, mode -> negotiated.get(mode).incrementAndGet(),
                    () -> requests.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
            connections.add(connection);
            if (closed) {
                connection.close();
                return;
            }
            connection.start();
        }
    }

    /** Stops accepting, closes live connections and waits (bounded) for their threads. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the TDS listener: " + e);
        }
        for (TdsConnection c : connections) {
            c.close();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_JOIN_MILLIS);
        join(acceptThread, deadline);
        for (TdsConnection c : connections) {
            c.join(deadline);
        }
    }

    static void join(Thread t, long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            return;
        }
        try {
            t.join(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
