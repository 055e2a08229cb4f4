package dev.ferry.verify;

/**
 * What {@code ferry verify} compares and how often.
 *
 * @param extra           also SCAN the target and report keys the source does not have
 * @param ttlToleranceMs  how far the remaining TTLs may differ
 * @param rounds          at least 1; later rounds re-check only the keys that differed
 * @param intervalMs      the pause before each later round
 * @param bigKeyThreshold a value with more elements is compared in chunks, never loaded whole
 */
public record VerifyOptions(VerifyMode mode, boolean extra, long ttlToleranceMs, int rounds, long intervalMs, long bigKeyThreshold) {
    public VerifyOptions {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
    }
}
