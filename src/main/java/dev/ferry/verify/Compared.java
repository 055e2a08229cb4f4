package dev.ferry.verify;

import javax.annotation.Nullable;

/**
 * What a comparer of the verify job reports: a batch of keys compared, or one key that differs.
 *
 * @param part       the comparer's part of the data set (a source server, or 0 for RDB files): later rounds re-check
 *                   a difference where it was found
 * @param keys       keys compared (0 on a difference's record)
 * @param difference null on a count's record
 */
public record Compared(int part, long keys, @Nullable Difference difference) {
    static Compared count(int part, long keys) {
        return new Compared(part, keys, null);
    }

    static Compared of(int part, Difference d) {
        return new Compared(part, 0, d);
    }
}
