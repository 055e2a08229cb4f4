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
    STRING((in, type) -> new StringCursor(in), (in, type) -> in.skipString()),
    /** A count, then each element as consecutive RDB strings. */
    COUNTED(CountedElementsCursor::new, CountedElementsCursor::skip),
    /** A count of nodes, each a packed blob or (v2) a plain element. */
    QUICKLIST(QuicklistCursor::new, QuicklistCursor::skip),
    /** One packed blob: ziplist, listpack, intset or zipmap. */
    PACKED(PackedValueCursor::new, PackedValueCursor::skip),
    /** Listpack nodes of entries, metadata, consumer groups. */
    STREAM(StreamCursor::new, StreamCursor::skip),
    /** A module id, then self-describing fields up to an EOF opcode. */
    MODULE((in, type) -> new ModuleCursor(in), (in, type) -> ModuleCursor.skip(in));

    @FunctionalInterface
    private interface Opener {
        ValueCursor open(RdbInput in, int type);
    }

    @FunctionalInterface
    private interface Skipper {
        void skip(RdbInput in, int type);
    }

    private final Opener opener;
    private final Skipper skipper;

    ValueLayout(Opener opener, Skipper skipper) {
        this.opener = opener;
        this.skipper = skipper;
    }

    /** Reads the value's header from {@code in}; the elements follow with {@link ValueCursor#next}. */
    ValueCursor open(RdbInput in, int type) {
        return opener.open(in, type);
    }

    /** Consumes the value without decoding it, skipping string bodies unread. */
    void skip(RdbInput in, int type) {
        skipper.skip(in, type);
    }

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
