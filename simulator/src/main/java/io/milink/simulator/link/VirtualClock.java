package io.milink.simulator.link;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The link world's time. Simulated time runs {@code timeScale} simulated seconds per real second from the moment
 * the clock is made, plus whatever a test adds with {@link #advance(Duration)}; so a 50 GB seeding at 100 MB/s
 * (about 8.5 simulated minutes) takes half a real second at a scale of 1,000, or no real time at all in a test that
 * advances the clock itself. Thread-safe.
 */
public final class VirtualClock {

    private final Instant origin;
    private final double timeScale;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private long advancedNanos;

    /**
     * @param origin    the simulated instant at which the clock starts
     * @param timeScale simulated seconds per real second; 0 stops the clock (only {@link #advance} moves it)
     */
    public VirtualClock(Instant origin, double timeScale) {
        this(origin, timeScale, System::nanoTime);
    }

    VirtualClock(Instant origin, double timeScale, LongSupplier nanoTime) {
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale must be a finite number >= 0, not " + timeScale);
        }
        this.origin = origin;
        this.timeScale = timeScale;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /** A clock that starts now and runs as fast as real time. */
    public static VirtualClock realTime() {
        return new VirtualClock(Instant.now(), 1.0);
    }

    /** A clock that starts now and moves only when {@link #advance(Duration)} is called: for deterministic tests. */
    public static VirtualClock manual() {
        return new VirtualClock(Instant.now(), 0.0);
    }

    public double timeScale() {
        return timeScale;
    }

    public synchronized Instant now() {
        long realNanos = nanoTime.getAsLong() - startNanos;
        long simulated = (long) (realNanos * timeScale) + advancedNanos;
        return origin.plusNanos(simulated);
    }

    /** Moves simulated time forward by {@code by}, on top of the scaled real time. */
    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not run backwards: " + by);
        }
        advancedNanos += by.toNanos();
    }
}
