package dev.ferry.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits, by polling, for a group of local servers (a cluster, Sentinels) to agree on a state. */
final class Settling {
    private Settling() {}

    /**
     * Polls {@code done} every {@code pollMs} until it holds.
     *
     * @param what    the group, for messages ("cluster", "sentinels")
     * @param problem what is still unsettled, for the message when {@code timeout} passes first
     */
    static void await(String what, Duration timeout, long pollMs, BooleanSupplier done, Supplier<String> problem) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not settled after " + timeout.toSeconds() + " s: " + problem.get());
            }
            try {
                Thread.sleep(pollMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the " + what, e);
            }
        }
    }
}
