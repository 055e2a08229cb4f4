package dev.ferry.verify.check;

/** Keeps a loop under a number of keys per second by sleeping, so a production source is not pressed by a check. */
final class KeyRate {
    private final long keysPerSecond;
    private final long startNanos = System.nanoTime();
    private long keys;

    KeyRate(long keysPerSecond) {
        this.keysPerSecond = keysPerSecond;
    }

    /** Counts {@code n} more keys and sleeps until they fit the rate. */
    void acquire(long n) {
        keys += n;
        long dueNanos = keys * 1_000_000_000L / keysPerSecond;
        long sleepMs = (dueNanos - (System.nanoTime() - startNanos)) / 1_000_000;
        if (sleepMs > 0) {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scanning the source", e);
            }
        }
    }
}
