package dev.ferry.source.reader;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbInput;
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
    /** RDB's string encoding number for an LZF-compressed string. */
    private static final int LZF = 3;
    /** The biggest empty packed blob: a ziplist's header and end marker (a listpack's are 7 bytes, an intset's 8). */
    private static final int EMPTY_BLOB_MAX = 11;

    private EmptyCollections() {}

    static boolean isEmpty(int type, byte[] payload) {
        if (surelyHolds(type, payload)) {
            return false;
        }
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

    /**
     * What the value's first length says without building a cursor, which is most of the cost on a snapshot of small
     * collections: a hashtable (or linked list) with a non-zero count, or a packed blob (ziplist, listpack, intset,
     * zipmap) longer than any of them is when empty (11 bytes: an empty ziplist). Quicklists and field-TTL hashes, whose
     * first length is not the element count, take the cursor.
     */
    private static boolean surelyHolds(int type, byte[] payload) {
        switch (type) {
            case RdbType.LIST, RdbType.SET, RdbType.ZSET, RdbType.ZSET_2, RdbType.HASH -> {
                return DumpPayload.valueInput(payload).readLength() > 0;
            }
            case RdbType.LIST_ZIPLIST, RdbType.SET_INTSET, RdbType.ZSET_ZIPLIST, RdbType.HASH_ZIPLIST, RdbType.HASH_ZIPMAP,
                 RdbType.HASH_LISTPACK, RdbType.ZSET_LISTPACK, RdbType.SET_LISTPACK -> {
                RdbInput in = DumpPayload.valueInput(payload);
                long length = in.readLengthOrEncoding();
                if (in.lastLengthEncoded()) {
                    if (length != LZF) {
                        return false; // an integer-encoded blob: let the cursor say what it is
                    }
                    in.readLength(); // the compressed length; the blob's own length follows
                    length = in.readLength();
                }
                return length > EMPTY_BLOB_MAX;
            }
            default -> {
                return false;
            }
        }
    }
}
