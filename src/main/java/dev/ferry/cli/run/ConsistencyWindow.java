package dev.ferry.cli.run;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Decides when a live migration has been consistent for the {@code --consistent-for} window, from samples of "every
 * split is caught up" (the target has acknowledged everything each split received). The window [now - length, now]
 * counts when the splits were caught up at both its ends: then every command received inside it was also applied
 * inside it. A write during the window is fine once applied; one still waiting at its end is not.
 */
final class ConsistencyWindow {
    private record Sample(long at, boolean caughtUp) {}

    private final long lengthNanos;
    /** Samples from the newest one at or before now - length onwards, oldest first. */
    private final Deque<Sample> samples = new ArrayDeque<>();

    ConsistencyWindow(Duration length) {
        this.lengthNanos = length.toNanos();
    }

    /** Records a sample taken at {@code nowNanos}; true when the window ending now is consistent. */
    boolean observe(long nowNanos, boolean caughtUp) {
        samples.addLast(new Sample(nowNanos, caughtUp));
        long windowStart = nowNanos - lengthNanos;
        while (samples.size() > 1 && secondAt() <= windowStart) {
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        return caughtUp && first.at() <= windowStart && first.caughtUp();
    }

    private long secondAt() {
        Iterator<Sample> it = samples.iterator();
        it.next();
        return it.next().at();
    }

    /** Forgets what was seen (after a stop that failed, the window starts again). */
    void reset() {
        samples.clear();
    }
}
