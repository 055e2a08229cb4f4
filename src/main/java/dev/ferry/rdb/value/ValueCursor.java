package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbInput;

/**
 * Pull-style decoding of one encoded value: each {@link #next} reports exactly one logical element to a
 * {@link ValueVisitor} and keeps its place in the input, so a caller can stop after any element and go on
 * later. That is what lets a value be turned into bounded batches of commands without ever holding it:
 * what is held at a time is one element plus, for packed encodings, the one blob (a quicklist node, a small
 * listpack) the element sits in.
 *
 * <p>{@link ValueWalker#decode} is this loop run to the end, so there is one decoder for both styles.
 */
public abstract class ValueCursor {
    private final int type;

    ValueCursor(int type) {
        this.type = type;
    }

    /** Reads the value's header from {@code in}; the elements follow with {@link #next}. */
    public static ValueCursor open(RdbInput in, int type) {
        return ValueLayout.of(type).open(in, type);
    }

    /** The RDB type byte of the value. */
    public final int type() {
        return type;
    }

    /** The element count the encoding states, or -1 when it does not state one. */
    public abstract long count();

    /**
     * Reports the next element to {@code visitor} (one call of its element callbacks); false, with the
     * value fully consumed from the input, when there is none left.
     */
    public abstract boolean next(ValueVisitor visitor);
}
