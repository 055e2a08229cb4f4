package dev.ferry.source.reader;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.value.ValueCursor;
import dev.ferry.rdb.value.ValueVisitor;

/**
 * Whether a DUMP payload holds a list, set, sorted set or hash with no element. Redis skips such keys
 * when it loads an RDB ("empty keys skipped") and RESTORE rejects them, so the source drops them.
 *
 * <p>Like Redis, a count the encoding states is trusted (ziplistLen, lpLength, intsetLen, a hashtable's
 * length); where none is stated (a quicklist, a zipmap that says "unknown"), the value is empty when its
 * cursor has no first element: empty quicklist nodes are skipped, as Redis drops them. Strings, streams and
 * module values are never empty in this sense.
 */
final class EmptyCollections {
    private static final ValueVisitor IGNORE = new ValueVisitor() {};

    private EmptyCollections() {}

    static boolean isEmpty(int type, byte[] payload) {
        switch (RdbType.logicalName(type)) {
            case "list", "set", "zset", "hash" -> {
                ValueCursor c = ValueCursor.open(DumpPayload.valueInput(payload), type);
                long count = c.count();
                return count == 0 || (count < 0 && !c.next(IGNORE));
            }
            default -> {
                return false;
            }
        }
    }
}
