package dev.ferry.source.reader;

import java.time.Duration;
import org.apache.flink.annotation.Internal;

/**
 * How a replica split waits between attempts to reconnect to its source: {@code first}, doubling up to {@code max},
 * for at most {@code attempts} attempts; then the split gives up and fails the job.
 */
@Internal
record Backoff(Duration first, Duration max, int attempts) {

    /** 1, 2, 4, 8, 16, 16, 16, 16 s: about 80 s, longer than Sentinel or a cluster needs to fail a dead master over. */
    static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(16), 8);

    Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || attempts < 1) {
            throw new IllegalArgumentException("bad backoff " + first + " to " + max + " for " + attempts + " attempts");
        }
    }

    /** The wait before attempt {@code attempt} (0-based). */
    Duration delay(int attempt) {
        Duration d = first;
        for (int i = 0; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) < 0 ? d : max;
    }

    /** The sum of every wait: how long the source may stay away. */
    Duration total() {
        Duration sum = Duration.ZERO;
        for (int i = 0; i < attempts; i++) {
            sum = sum.plus(delay(i));
        }
        return sum;
    }
}
