package io.milink.simulator.engine;

/**
 * Lets long-running work (e.g. {@code WAITFOR DELAY}) notice a client's ATTENTION (cancel or query timeout).
 */
public interface Cancellation {

    Cancellation NEVER = () -> false;

    boolean isCancelled();

    /**
     * Sleeps up to {@code millis}, waking early on cancellation.
     *
     * @return true when the full time elapsed, false when cancelled
     */
    default boolean sleep(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!isCancelled()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            Thread.sleep(Math.min(20, Math.max(1, left / 1_000_000L)));
        }
        return false;
    }
}
