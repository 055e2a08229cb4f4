package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbInput;

/**
 * Walks one encoded value in the RDB stream. With a visitor it decodes every element (a
 * {@link ValueCursor} run to the end); without one it only finds where the value ends, skipping string
 * bodies unread — the fast path when the raw bytes are all that is wanted (a DUMP payload).
 */
public final class ValueWalker {
    private ValueWalker() {}

    /** Consumes the value and reports its elements to {@code visitor}. */
    public static void decode(RdbInput in, int type, ValueVisitor visitor) {
        ValueCursor c = ValueCursor.open(in, type);
        visitor.begin(type, c.count());
        while (c.next(visitor)) {
            // each call reports one element
        }
        visitor.end();
    }

    /** Consumes the value without decoding it. */
    public static void skip(RdbInput in, int type) {
        ValueLayout.of(type).skip(in, type);
    }
}
