package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbFormatException;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;

/**
 * The RDB value types grouped by how their bytes are laid out. Decoding ({@link ValueCursor#open}) and
 * skipping ({@link ValueWalker#skip}) both dispatch on this one table, so a new type byte is taught to the
 * parser in one place and the two can never disagree on where a value ends.
 */
enum ValueLayout {
    /** One RDB string. */
    STRING {
        @Override
        ValueCursor open(RdbInput in, int type) {
            return new StringCursor(in);
        }

        @Override
        void skip(RdbInput in, int type) {
            in.skipString();
        }
    },
    /** A count, then each element as consecutive RDB strings. */
    COUNTED {
        @Override
        ValueCursor open(RdbInput in, int type) {
            return new CountedElementsCursor(in, type);
        }

        @Override
        void skip(RdbInput in, int type) {
            CountedElementsCursor.skip(in, type);
        }
    },
    /** A count of nodes, each a packed blob or (v2) a plain element. */
    QUICKLIST {
        @Override
        ValueCursor open(RdbInput in, int type) {
            return new QuicklistCursor(in, type);
        }

        @Override
        void skip(RdbInput in, int type) {
            QuicklistCursor.skip(in, type);
        }
    },
    /** One packed blob: ziplist, listpack, intset or zipmap. */
    PACKED {
        @Override
        ValueCursor open(RdbInput in, int type) {
            return new PackedValueCursor(in, type);
        }

        @Override
        void skip(RdbInput in, int type) {
            PackedValueCursor.skip(in, type);
        }
    },
    /** Listpack nodes of entries, metadata, consumer groups. */
    STREAM {
        @Override
        ValueCursor open(RdbInput in, int type) {
            return new StreamCursor(in, type);
        }

        @Override
        void skip(RdbInput in, int type) {
            StreamCursor.skip(in, type);
        }
    },
    /** A module id, then self-describing fields up to an EOF opcode. */
    MODULE {
        @Override
        ValueCursor open(RdbInput in, int type) {
            return new ModuleCursor(in);
        }

        @Override
        void skip(RdbInput in, int type) {
            ModuleCursor.skip(in);
        }
    };

    /** Reads the value's header from {@code in}; the elements follow with {@link ValueCursor#next}. */
    abstract ValueCursor open(RdbInput in, int type);

    /** Consumes the value without decoding it, skipping string bodies unread. */
    abstract void skip(RdbInput in, int type);

    static ValueLayout of(int type) {
        switch (type) {
            case RdbType.STRING:
                return STRING;
            case RdbType.LIST:
            case RdbType.SET:
            case RdbType.ZSET:
            case RdbType.ZSET_2:
            case RdbType.HASH:
            case RdbType.HASH_METADATA_PRE_GA:
            case RdbType.HASH_METADATA:
                return COUNTED;
            case RdbType.LIST_QUICKLIST:
            case RdbType.LIST_QUICKLIST_2:
                return QUICKLIST;
            case RdbType.HASH_ZIPMAP:
            case RdbType.LIST_ZIPLIST:
            case RdbType.SET_INTSET:
            case RdbType.ZSET_ZIPLIST:
            case RdbType.HASH_ZIPLIST:
            case RdbType.HASH_LISTPACK:
            case RdbType.ZSET_LISTPACK:
            case RdbType.SET_LISTPACK:
            case RdbType.HASH_LISTPACK_EX_PRE_GA:
            case RdbType.HASH_LISTPACK_EX:
                return PACKED;
            case RdbType.STREAM_LISTPACKS:
            case RdbType.STREAM_LISTPACKS_2:
            case RdbType.STREAM_LISTPACKS_3:
                return STREAM;
            case RdbType.MODULE_2:
                return MODULE;
            case RdbType.MODULE_PRE_GA:
                throw new RdbFormatException("module value of RDB type 6 (Redis 4.0 release candidates) has no "
                        + "self-describing layout and cannot be read without its module; re-save the data with Redis 4.0 "
                        + "GA or newer");
            default:
                throw new RdbFormatException("unknown value type " + type + " (this file needs a newer Ferry, or is corrupt)");
        }
    }
}
