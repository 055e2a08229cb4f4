package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbFormatException;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;

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
        switch (type) {
            case RdbType.STRING:
                return new StringCursor(in);
            case RdbType.LIST:
            case RdbType.SET:
            case RdbType.ZSET:
            case RdbType.ZSET_2:
            case RdbType.HASH:
            case RdbType.HASH_METADATA_PRE_GA:
            case RdbType.HASH_METADATA:
                return new CountedElementsCursor(in, type);
            case RdbType.LIST_QUICKLIST:
            case RdbType.LIST_QUICKLIST_2:
                return new QuicklistCursor(in, type);
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
                return new PackedValueCursor(in, type);
            case RdbType.STREAM_LISTPACKS:
            case RdbType.STREAM_LISTPACKS_2:
            case RdbType.STREAM_LISTPACKS_3:
                return new StreamCursor(in, type);
            case RdbType.MODULE_2:
                return new ModuleCursor(in);
            case RdbType.MODULE_PRE_GA:
                throw modulePreGa();
            default:
                throw unknownType(type);
        }
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

    static RdbFormatException modulePreGa() {
        return new RdbFormatException("module value of RDB type 6 (Redis 4.0 release candidates) has no self-describing "
                + "layout and cannot be read without its module; re-save the data with Redis 4.0 GA or newer");
    }

    static RdbFormatException unknownType(int type) {
        return new RdbFormatException("unknown value type " + type + " (this file needs a newer Ferry, or is corrupt)");
    }

    private static final class StringCursor extends ValueCursor {
        private final RdbInput in;
        private boolean done;

        StringCursor(RdbInput in) {
            super(RdbType.STRING);
            this.in = in;
        }

        @Override
        public long count() {
            return 1;
        }

        @Override
        public boolean next(ValueVisitor visitor) {
            if (done) {
                return false;
            }
            done = true;
            visitor.stringValue(in.readString());
            return true;
        }
    }

    /**
     * MODULE_2 values are self-describing: a module id, then typed fields until an EOF opcode, which is
     * what lets us carry a module value we cannot interpret. Its one "element" is its type.
     */
    private static final class ModuleCursor extends ValueCursor {
        private final RdbInput in;
        private final long moduleId;
        private boolean done;

        ModuleCursor(RdbInput in) {
            super(RdbType.MODULE_2);
            this.in = in;
            this.moduleId = in.readLength();
        }

        @Override
        public long count() {
            return -1;
        }

        @Override
        public boolean next(ValueVisitor visitor) {
            if (done) {
                return false;
            }
            done = true;
            visitor.moduleValue(ModuleIds.typeName(moduleId), ModuleIds.encodingVersion(moduleId));
            ModuleIds.skipFields(in);
            return true;
        }
    }
}
