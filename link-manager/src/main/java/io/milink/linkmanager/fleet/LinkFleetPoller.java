package io.milink.linkmanager.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.milink.core.azure.DistributedAvailabilityGroup;
import io.milink.linkmanager.LinkStatusReader;
import io.milink.linkmanager.fleet.FleetPoll.SourceKind;
import io.milink.linkmanager.fleet.FleetPoll.SourceRead;

/**
 * Polls every link of a {@link LinkFleet} with one request per source per poll, however many links share it: one
 * {@link LinkStatusReader#readSqlServer} batch per SQL Server and one ARM list of {@code distributedAvailabilityGroups}
 * per managed instance, all at once on a bounded pool of worker threads (blocking JDBC and ARM calls, never on an
 * event loop), then {@link LinkStatusReader#combine} per link. So a poll costs the same per link whether a server
 * has one link or fifty (docs/monitoring.md, "Many links").
 *
 * <p>Each SQL Server keeps one connection open between polls. A read that fails on a connection kept from an earlier
 * poll is tried once more on a new one (a server restart or a dropped connection costs no poll); a source that still
 * fails, or does not answer within the read timeout, makes only its own links {@link LinkReading.Unreadable}, with
 * what it said; the next poll tries again. A source whose read is still running is not asked again until it answers,
 * so a hung server never holds more than one worker.
 *
 * <p>{@link #start} polls on a fixed schedule; polls never overlap (one that outlasts the interval delays the next).
 */
public final class LinkFleetPoller implements AutoCloseable {

    /** What {@code milink link status --watch} uses too. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final LinkFleet fleet;
    private final Clock clock;
    private final Duration readTimeout;
    private final ExecutorService readers;
    private final Map<String, SourceReader<LinkStatusReader.SqlServerSide>> sqlServers = new LinkedHashMap<>();
    private final Map<String, SourceReader<List<DistributedAvailabilityGroup>>> instances = new LinkedHashMap<>();
    private final Map<String, SqlServerConnection> connections = new LinkedHashMap<>();
    private final Object polling = new Object();
    private long polls;
    private ScheduledExecutorService schedule;
    private final AtomicLong listenerFailures = new AtomicLong();
    private volatile RuntimeException lastListenerFailure;

    /**
     * @param threads     worker threads for the reads (the pool's bound); more than the fleet's sources is no use
     * @param readTimeout how long a poll waits for a source; at most the interval, so a slow source cannot delay the
     *                    next poll by more than that
     */
    public LinkFleetPoller(LinkFleet fleet, Clock clock, int threads, Duration readTimeout) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        if (threads < 1) {
            throw new IllegalArgumentException("the poller needs at least one thread, not " + threads);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("the read timeout must be positive, not " + readTimeout);
        }
        int sources = fleet.sqlServers().size() + fleet.instances().size();
        this.readers = Executors.newFixedThreadPool(Math.min(threads, sources), daemonThreads("milink-fleet-read"));
        fleet.sqlServers().forEach((key, source) -> {
            SqlServerConnection connection = new SqlServerConnection(source);
            connections.put(key, connection);
            sqlServers.put(key, new SourceReader<>(SourceKind.SQL_SERVER, key, "SQL Server '" + key + "'",
                    connection::read));
        });
        fleet.instances().forEach((key, instance) -> instances.put(key, new SourceReader<>(SourceKind.MANAGED_INSTANCE,
                key, "managed instance '" + key + "' (ARM list of its links)", instance.source()::list)));
    }

    /** Eight threads, and the default interval as the read timeout. */
    public LinkFleetPoller(LinkFleet fleet, Clock clock) {
        this(fleet, clock, 8, DEFAULT_INTERVAL);
    }

    /** One poll now, on the calling thread's behalf (it waits for the workers). Never overlaps another poll. */
    public FleetPoll poll() throws InterruptedException {
        synchronized (polling) {
            long start = System.nanoTime();
            Instant startedAt = clock.instant();
            long number = ++polls;
            sqlServers.values().forEach(r -> r.start(readers, start));
            instances.values().forEach(r -> r.start(readers, start));
            long deadline = start + readTimeout.toNanos();
            List<SourceRead> sources = new ArrayList<>();
            Map<String, Outcome<LinkStatusReader.SqlServerSide>> sql = new LinkedHashMap<>();
            for (var e : sqlServers.entrySet()) {
                Outcome<LinkStatusReader.SqlServerSide> o = e.getValue().await(deadline, readTimeout);
                sql.put(e.getKey(), o);
                sources.add(new SourceRead(SourceKind.SQL_SERVER, e.getKey(), o.took(), o.error()));
            }
            Map<String, Outcome<List<DistributedAvailabilityGroup>>> arm = new LinkedHashMap<>();
            for (var e : instances.entrySet()) {
                Outcome<List<DistributedAvailabilityGroup>> o = e.getValue().await(deadline, readTimeout);
                arm.put(e.getKey(), o);
                sources.add(new SourceRead(SourceKind.MANAGED_INSTANCE, e.getKey(), o.took(), o.error()));
            }
            Instant readAt = clock.instant();
            Map<MonitoredLink, LinkReading> readings = new LinkedHashMap<>();
            for (MonitoredLink link : fleet.links()) {
                readings.put(link, reading(link, sql.get(link.sqlServer()), arm.get(link.managedInstance()), readAt));
            }
            return new FleetPoll(number, startedAt, Duration.ofNanos(System.nanoTime() - start), readings, sources);
        }
    }

    private LinkReading reading(MonitoredLink link, Outcome<LinkStatusReader.SqlServerSide> sql,
                                Outcome<List<DistributedAvailabilityGroup>> arm, Instant now) {
        if (sql.error() != null || arm.error() != null) {
            List<String> why = new ArrayList<>();
            if (sql.error() != null) {
                why.add(sql.error());
            }
            if (arm.error() != null) {
                why.add(arm.error());
            }
            return new LinkReading.Unreadable(String.join("; ", why) + "; the next poll reads again");
        }
        try {
            return new LinkReading.Read(LinkStatusReader.combine(sql.value(), arm.value(),
                    fleet.instances().get(link.managedInstance()).name(), link.databases(), now));
        } catch (RuntimeException e) {
            // A fault in milink's reading of one link must not stop the monitor for the others.
            return new LinkReading.Unreadable("milink could not read this link's status from the answers (" + e
                    + "); this is a milink error: please report it with milink link status --output json");
        }
    }

    /**
     * Polls now and then every {@code interval}, telling {@code listener} each poll on the poller's own thread. A
     * listener that throws is counted ({@link #listenerFailures}) and the schedule goes on.
     */
    public synchronized void start(Duration interval, Consumer<FleetPoll> listener) {
        Objects.requireNonNull(listener, "listener");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, not " + interval);
        }
        if (schedule != null) {
            throw new IllegalStateException("the poller is already started");
        }
        schedule = Executors.newSingleThreadScheduledExecutor(daemonThreads("milink-fleet-poll"));
        // Fixed rate: a poll that outlasts the interval delays the next one, never runs beside it.
        schedule.scheduleAtFixedRate(() -> pollAndTell(listener), 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void pollAndTell(Consumer<FleetPoll> listener) {
        FleetPoll poll;
        try {
            poll = poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            listener.accept(poll);
        } catch (RuntimeException e) {
            listenerFailures.incrementAndGet();
            lastListenerFailure = e;
        }
    }

    /** How many times a listener threw; the last such exception is {@link #lastListenerFailure}. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    public RuntimeException lastListenerFailure() {
        return lastListenerFailure;
    }

    /** Stops the schedule, the workers, and closes every SQL Server connection. */
    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = schedule;
        }
        if (s != null) {
            s.shutdownNow();
            awaitQuietly(s);
        }
        readers.shutdownNow();
        awaitQuietly(readers);
        connections.values().forEach(SqlServerConnection::close);
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // --- one source ---------------------------------------------------------------------------------------------

    private record Outcome<T>(T value, Duration took, String error) {
    }

    /** A source's reads: at most one in flight, started by one poll and awaited by it. */
    private static final class SourceReader<T> {
        private final SourceKind kind;
        private final String key;
        private final String what;
        private final Callable<T> read;
        private Future<T> inFlight;
        private long inFlightSince;
        private boolean startedThisPoll;

        SourceReader(SourceKind kind, String key, String what, Callable<T> read) {
            this.kind = kind;
            this.key = key;
            this.what = what;
            this.read = read;
        }

        void start(ExecutorService pool, long now) {
            if (inFlight != null && !inFlight.isDone()) {
                startedThisPoll = false;
                return;
            }
            inFlight = pool.submit(read);
            inFlightSince = now;
            startedThisPoll = true;
        }

        Outcome<T> await(long deadline, Duration readTimeout) throws InterruptedException {
            if (!startedThisPoll) {
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - inFlightSince);
                return new Outcome<>(null, null, what + " has still not answered the read sent " + seconds
                        + " s ago; it is not asked again until it answers");
            }
            try {
                T value = inFlight.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return new Outcome<>(value, Duration.ofNanos(System.nanoTime() - inFlightSince), null);
            } catch (TimeoutException e) {
                return new Outcome<>(null, Duration.ofNanos(System.nanoTime() - inFlightSince), what
                        + " did not answer within " + readTimeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return new Outcome<>(null, Duration.ofNanos(System.nanoTime() - inFlightSince), what
                        + " did not answer the status read: " + describe(cause));
            }
        }

        @Override
        public String toString() {
            return kind + " " + key;
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** One SQL Server's connection, kept between polls. Used by one worker at a time (one read in flight). */
    private static final class SqlServerConnection {
        private final LinkFleet.SqlServerSource source;
        private volatile Connection connection;

        SqlServerConnection(LinkFleet.SqlServerSource source) {
            this.source = source;
        }

        LinkStatusReader.SqlServerSide read() throws SQLException {
            boolean kept = connection != null;
            try {
                return readOn(connection != null ? connection : (connection = source.connect()));
            } catch (SQLException e) {
                close();
                if (!kept) {
                    throw e;
                }
            }
            // The kept connection broke since the last poll (a restart, a dropped connection): a new one, same poll.
            try {
                return readOn(connection = source.connect());
            } catch (SQLException e) {
                close();
                throw e;
            }
        }

        private static LinkStatusReader.SqlServerSide readOn(Connection c) throws SQLException {
            return LinkStatusReader.readSqlServer(c);
        }

        void close() {
            Connection c = connection;
            connection = null;
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // gone already: nothing to release
                }
            }
        }
    }
}
