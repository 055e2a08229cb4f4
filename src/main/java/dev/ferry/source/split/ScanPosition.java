package dev.ferry.source.split;

import org.apache.flink.annotation.Internal;

/**
 * How far the scan of one source shard has come: {@code db} is being scanned and the next {@code SCAN} sends
 * {@code cursor} (an unsigned 64-bit number, as Redis has it). Once every db is scanned, {@code scanned} is true: a
 * bounded split is then finished, a split that follows keyspace notifications only follows them.
 */
@Internal
public record ScanPosition(int db, long cursor, boolean scanned) {

    /** The start of {@code db}. */
    public static ScanPosition startOf(int db) {
        return new ScanPosition(db, 0, false);
    }

    /** Every db scanned; {@code db} is the last one, for the log. */
    public static ScanPosition done(int db) {
        return new ScanPosition(db, 0, true);
    }

    @Override
    public String toString() {
        return scanned ? "scanned" : "db " + db + " cursor " + Long.toUnsignedString(cursor);
    }
}
