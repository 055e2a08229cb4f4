package dev.ferry.source.reader;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.encoding.ListpackCursor;
import dev.ferry.rdb.encoding.PackedCursor;
import dev.ferry.rdb.encoding.ZiplistCursor;
import dev.ferry.rdb.value.ValueWalker;

/**
 * Whether a DUMP payload holds a list, set, sorted set or hash with no element. Redis skips such keys
 * when it loads an RDB ("empty keys skipped") and RESTORE rejects them, so the source drops them.
 *
 * <p>Only headers are read: the first length of a hashtable-encoded value, the header count of a
 * ziplist/listpack/intset/zipmap blob, and for a quicklist its node count and then node headers until
 * the first non-empty node (Redis drops empty nodes and then a list left with none; normally the first
 * node decides). A packed blob is LZF-decompressed if compressed, which is bounded by the encoding's
 * size limits. Strings, streams and module values are never empty in this sense.
 */
final class EmptyCollections {
    private static final int QUICKLIST_NODE_PLAIN = 1;

    private EmptyCollections() {}

    static boolean isEmpty(int type, byte[] payload) {
        RdbInput in = DumpPayload.valueInput(payload);
        switch (type) {
            case RdbType.LIST:
            case RdbType.SET:
            case RdbType.ZSET:
            case RdbType.ZSET_2:
            case RdbType.HASH:
            case RdbType.HASH_METADATA_PRE_GA:
                return in.readLength() == 0;
            case RdbType.HASH_METADATA:
                in.readMillis();
                return in.readLength() == 0;
            case RdbType.LIST_QUICKLIST:
            case RdbType.LIST_QUICKLIST_2:
                return quicklistEmpty(in, type);
            case RdbType.HASH_ZIPMAP:
            case RdbType.LIST_ZIPLIST:
            case RdbType.SET_INTSET:
            case RdbType.ZSET_ZIPLIST:
            case RdbType.HASH_ZIPLIST:
            case RdbType.HASH_LISTPACK:
            case RdbType.ZSET_LISTPACK:
            case RdbType.SET_LISTPACK:
            case RdbType.HASH_LISTPACK_EX_PRE_GA:
                return packedEmpty(ValueWalker.cursor(type, in.readString()));
            case RdbType.HASH_LISTPACK_EX:
                in.readMillis();
                return packedEmpty(new ListpackCursor(in.readString()));
            default:
                return false;
        }
    }

    private static boolean quicklistEmpty(RdbInput in, int type) {
        long nodes = in.readLength();
        for (long i = 0; i < nodes; i++) {
            if (type == RdbType.LIST_QUICKLIST_2 && in.readLength() == QUICKLIST_NODE_PLAIN) {
                return false; // a plain node is one element
            }
            byte[] node = in.readString();
            PackedCursor c = type == RdbType.LIST_QUICKLIST ? new ZiplistCursor(node) : new ListpackCursor(node);
            if (!packedEmpty(c)) {
                return false;
            }
        }
        return true;
    }

    /** Redis trusts a known header count (ziplistLen, lpLength, intsetLen); an unknown one means "many". */
    private static boolean packedEmpty(PackedCursor c) {
        int count = c.count();
        return count == 0 || (count < 0 && !c.next());
    }
}
