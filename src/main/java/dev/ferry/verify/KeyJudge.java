package dev.ferry.verify;

import dev.ferry.rdb.value.ValueDigest;

/**
 * Decides whether one key is equal on both sides from their {@link KeyState}s, asking the live sides for what the
 * states leave open (streams, values over the big-key threshold). A key gone from both sides is equal: it expired or
 * was deleted between the scan and the comparison.
 */
final class KeyJudge {
    private final VerifyMode mode;
    private final long ttlToleranceMs;
    private final StreamComparator streams;

    KeyJudge(VerifyMode mode, long ttlToleranceMs) {
        this.mode = mode;
        this.ttlToleranceMs = ttlToleranceMs;
        this.streams = new StreamComparator(ttlToleranceMs);
    }

    /**
     * @param source the live source, bound to the key's db, or null (an RDB file: its states carry the whole value)
     * @return null when equal
     */
    Difference judge(int db, byte[] key, KeyState s, KeyState t, RedisCall source, RedisCall target) {
        if (!s.exists()) {
            return t.exists() ? new Difference(db, key, DifferenceKind.EXTRA, "gone from source, still on target") : null;
        }
        if (!t.exists()) {
            return new Difference(db, key, DifferenceKind.MISSING, s.type() + " missing on target");
        }
        if (!s.type().equals(t.type())) {
            return new Difference(db, key, DifferenceKind.TYPE, s.type() + " on source, " + t.type() + " on target");
        }
        if (mode == VerifyMode.outline) {
            return null;
        }
        if (s.length() != t.length()) {
            return new Difference(db, key, DifferenceKind.VALUE, s.type() + " of " + s.length() + " on source, "
                    + t.length() + " on target");
        }
        if (mode == VerifyMode.full) {
            String d;
            try {
                d = valueDifference(key, s, t, source, target);
            } catch (Replies.KeyChanged e) {
                d = e.getMessage();
            }
            if (d != null) {
                return new Difference(db, key, DifferenceKind.VALUE, d);
            }
        }
        if ((s.pttlMs() < 0) != (t.pttlMs() < 0) || Math.abs(s.pttlMs() - t.pttlMs()) > ttlToleranceMs) {
            return new Difference(db, key, DifferenceKind.TTL, "TTL " + s.pttlMs() + " ms on source, " + t.pttlMs() + " ms on target");
        }
        return null;
    }

    private String valueDifference(byte[] key, KeyState s, KeyState t, RedisCall source, RedisCall target) {
        if (s.dump() != null || t.dump() != null) {
            if (s.dump() == null || t.dump() == null) {
                return "changed while compared (gone from one side)";
            }
            return ValueDigest.sameValue(s.dump(), t.dump()) ? null : s.type() + " value differs";
        }
        if (source == null) {
            throw new IllegalStateException("an RDB source's state carries its value");
        }
        if ("stream".equals(s.type())) {
            return streams.difference(source, target, key);
        }
        return ChunkedComparator.difference(source, target, key, s.type(), s.length());
    }
}
