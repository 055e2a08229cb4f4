package dev.ferry.verify;

import java.io.Serializable;

/**
 * What {@code ferry verify} compares and how often.
 *
 * @param extra           also SCAN the target and report keys the source does not have
 * @param ttlToleranceMs  how far the remaining TTLs may differ
 * @param rounds          at least 1; later rounds re-check only the keys that differed
 * @param intervalMs      the pause before each later round
 * @param bigKeyThreshold a value with more elements is compared in chunks, never loaded whole
 * @param flinkJob        round 1 as a Flink job ({@code --flink}), else on threads of this process
 */
public record VerifyOptions(VerifyMode mode, boolean extra, long ttlToleranceMs, int rounds, long intervalMs, long bigKeyThreshold,
                            boolean flinkJob) implements Serializable {
    public VerifyOptions {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
    }
}
