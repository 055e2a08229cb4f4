package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;

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
        switch (type) {
            case RdbType.STRING:
            case RdbType.HASH_ZIPMAP:
            case RdbType.LIST_ZIPLIST:
            case RdbType.SET_INTSET:
            case RdbType.ZSET_ZIPLIST:
            case RdbType.HASH_ZIPLIST:
            case RdbType.HASH_LISTPACK:
            case RdbType.ZSET_LISTPACK:
            case RdbType.SET_LISTPACK:
            case RdbType.HASH_LISTPACK_EX_PRE_GA:
                in.skipString();
                break;
            case RdbType.HASH_LISTPACK_EX:
                in.readMillis();
                in.skipString();
                break;
            case RdbType.LIST:
            case RdbType.SET:
                skipStrings(in, in.readCount("element"));
                break;
            case RdbType.HASH:
                skipStrings(in, 2L * in.readCount("hash field"));
                break;
            case RdbType.ZSET:
            case RdbType.ZSET_2:
                skipSortedSet(in, type);
                break;
            case RdbType.HASH_METADATA_PRE_GA:
            case RdbType.HASH_METADATA:
                skipHashWithFieldTtl(in, type);
                break;
            case RdbType.LIST_QUICKLIST:
            case RdbType.LIST_QUICKLIST_2:
                for (int nodes = in.readCount("quicklist node"); nodes > 0; nodes--) {
                    QuicklistCursor.readContainer(in, type);
                    in.skipString();
                }
                break;
            case RdbType.STREAM_LISTPACKS:
            case RdbType.STREAM_LISTPACKS_2:
            case RdbType.STREAM_LISTPACKS_3:
                StreamCursor.skip(in, type);
                break;
            case RdbType.MODULE_2:
                in.readLength();
                ModuleIds.skipFields(in);
                break;
            case RdbType.MODULE_PRE_GA:
                throw ValueCursor.modulePreGa();
            default:
                throw ValueCursor.unknownType(type);
        }
    }

    private static void skipStrings(RdbInput in, long n) {
        for (long i = 0; i < n; i++) {
            in.skipString();
        }
    }

    private static void skipSortedSet(RdbInput in, int type) {
        int n = in.readCount("sorted set member");
        for (int i = 0; i < n; i++) {
            in.skipString();
            if (type == RdbType.ZSET_2) {
                in.skip(8);
            } else {
                // old text scores: a length byte, where 253-255 (nan, +inf, -inf) have no text
                int len = in.readUnsignedByte();
                if (len < 253) {
                    in.skip(len);
                }
            }
        }
    }

    private static void skipHashWithFieldTtl(RdbInput in, int type) {
        if (type == RdbType.HASH_METADATA) {
            in.readMillis();
        }
        int n = in.readCount("hash field");
        for (int i = 0; i < n; i++) {
            in.readLength();
            in.skipString();
            in.skipString();
        }
    }
}
