package dev.ferry.rdb;

/**
 * RDB value type bytes (Redis's rdb.h) and what each means to a user: its logical type, and the oldest
 * RDB version whose loader understands that encoding, which is what a DUMP payload must declare.
 */
public final class RdbType {
    public static final int STRING = 0;
    public static final int LIST = 1;
    public static final int SET = 2;
    public static final int ZSET = 3;
    public static final int HASH = 4;
    public static final int ZSET_2 = 5;
    public static final int MODULE_PRE_GA = 6;
    public static final int MODULE_2 = 7;
    public static final int HASH_ZIPMAP = 9;
    public static final int LIST_ZIPLIST = 10;
    public static final int SET_INTSET = 11;
    public static final int ZSET_ZIPLIST = 12;
    public static final int HASH_ZIPLIST = 13;
    public static final int LIST_QUICKLIST = 14;
    public static final int STREAM_LISTPACKS = 15;
    public static final int HASH_LISTPACK = 16;
    public static final int ZSET_LISTPACK = 17;
    public static final int LIST_QUICKLIST_2 = 18;
    public static final int STREAM_LISTPACKS_2 = 19;
    public static final int SET_LISTPACK = 20;
    public static final int STREAM_LISTPACKS_3 = 21;
    public static final int HASH_METADATA_PRE_GA = 22;
    public static final int HASH_LISTPACK_EX_PRE_GA = 23;
    public static final int HASH_METADATA = 24;
    public static final int HASH_LISTPACK_EX = 25;

    private RdbType() {}

    public static boolean isKnown(int type) {
        return type >= 0 && type <= 25 && type != 8;
    }

    /** The logical type name Redis's TYPE command prints. */
    public static String logicalName(int type) {
        switch (type) {
            case STRING:
                return "string";
            case LIST:
            case LIST_ZIPLIST:
            case LIST_QUICKLIST:
            case LIST_QUICKLIST_2:
                return "list";
            case SET:
            case SET_INTSET:
            case SET_LISTPACK:
                return "set";
            case ZSET:
            case ZSET_2:
            case ZSET_ZIPLIST:
            case ZSET_LISTPACK:
                return "zset";
            case HASH:
            case HASH_ZIPMAP:
            case HASH_ZIPLIST:
            case HASH_LISTPACK:
            case HASH_METADATA_PRE_GA:
            case HASH_LISTPACK_EX_PRE_GA:
            case HASH_METADATA:
            case HASH_LISTPACK_EX:
                return "hash";
            case STREAM_LISTPACKS:
            case STREAM_LISTPACKS_2:
            case STREAM_LISTPACKS_3:
                return "stream";
            case MODULE_PRE_GA:
            case MODULE_2:
                return "module";
            default:
                throw new RdbFormatException("unknown value type " + type);
        }
    }

    /**
     * Oldest RDB version that can load this encoding. A DUMP payload stamped with it is accepted by every
     * Redis that understands the encoding, so a Redis 7.2 snapshot's strings still RESTORE into Redis 6.2.
     */
    public static int minRdbVersion(int type) {
        switch (type) {
            case STRING:
            case LIST:
            case SET:
            case ZSET:
            case HASH:
            case HASH_ZIPMAP:
            case LIST_ZIPLIST:
            case SET_INTSET:
            case ZSET_ZIPLIST:
            case HASH_ZIPLIST:
                return 6;
            case LIST_QUICKLIST:
                return 7;
            case ZSET_2:
            case MODULE_2:
                return 8;
            case STREAM_LISTPACKS:
                return 9;
            case HASH_LISTPACK:
            case ZSET_LISTPACK:
            case LIST_QUICKLIST_2:
            case STREAM_LISTPACKS_2:
                return 10;
            case SET_LISTPACK:
            case STREAM_LISTPACKS_3:
                return 11;
            case HASH_METADATA_PRE_GA:
            case HASH_LISTPACK_EX_PRE_GA:
            case HASH_METADATA:
            case HASH_LISTPACK_EX:
                return 12;
            default:
                throw new RdbFormatException("value type " + type + " cannot be written as a DUMP payload");
        }
    }
}
