package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbFormatException;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.encoding.IntsetCursor;
import dev.ferry.rdb.encoding.ListpackCursor;
import dev.ferry.rdb.encoding.PackedCursor;
import dev.ferry.rdb.encoding.ScoreText;
import dev.ferry.rdb.encoding.ZiplistCursor;
import dev.ferry.rdb.encoding.ZipmapCursor;

/**
 * Walks one encoded value in the RDB stream. With a visitor it decodes every element; without one it
 * only finds where the value ends, skipping string bodies unread — the fast path when the raw bytes are
 * all that is wanted (a DUMP payload).
 */
public final class ValueWalker {
    private static final int QUICKLIST_NODE_PLAIN = 1;
    private static final int QUICKLIST_NODE_PACKED = 2;

    private final RdbInput in;
    private final ValueVisitor v;

    private ValueWalker(RdbInput in, ValueVisitor visitor) {
        this.in = in;
        this.v = visitor;
    }

    /** Consumes the value without decoding it. */
    public static void skip(RdbInput in, int type) {
        new ValueWalker(in, null).walk(type);
    }

    /** Consumes the value and reports its elements to {@code visitor}. */
    public static void decode(RdbInput in, int type, ValueVisitor visitor) {
        new ValueWalker(in, visitor).walk(type);
    }

    private boolean decoding() {
        return v != null;
    }

    private void walk(int type) {
        switch (type) {
            case RdbType.STRING:
                if (decoding()) {
                    v.begin(type, 1);
                    v.stringValue(in.readString());
                } else {
                    in.skipString();
                }
                break;
            case RdbType.LIST:
            case RdbType.SET:
                stringCollection(type);
                break;
            case RdbType.ZSET:
            case RdbType.ZSET_2:
                sortedSet(type);
                break;
            case RdbType.HASH:
                hashTable();
                break;
            case RdbType.HASH_METADATA_PRE_GA:
            case RdbType.HASH_METADATA:
                hashWithFieldTtl(type);
                break;
            case RdbType.LIST_QUICKLIST:
            case RdbType.LIST_QUICKLIST_2:
                quicklist(type);
                break;
            case RdbType.HASH_ZIPMAP:
            case RdbType.LIST_ZIPLIST:
            case RdbType.SET_INTSET:
            case RdbType.ZSET_ZIPLIST:
            case RdbType.HASH_ZIPLIST:
            case RdbType.HASH_LISTPACK:
            case RdbType.ZSET_LISTPACK:
            case RdbType.SET_LISTPACK:
                packed(type);
                break;
            case RdbType.HASH_LISTPACK_EX_PRE_GA:
            case RdbType.HASH_LISTPACK_EX:
                packedHashWithFieldTtl(type);
                break;
            case RdbType.STREAM_LISTPACKS:
            case RdbType.STREAM_LISTPACKS_2:
            case RdbType.STREAM_LISTPACKS_3:
                new StreamWalker(in, v, type).walk();
                return;
            case RdbType.MODULE_2:
                module();
                break;
            case RdbType.MODULE_PRE_GA:
                throw new RdbFormatException("module value of RDB type 6 (Redis 4.0 release candidates) has no self-describing "
                        + "layout and cannot be read without its module; re-save the data with Redis 4.0 GA or newer");
            default:
                throw new RdbFormatException("unknown value type " + type + " (this file needs a newer Ferry, or is corrupt)");
        }
        if (decoding()) {
            v.end();
        }
    }

    private void stringCollection(int type) {
        int n = in.readCount("element");
        if (!decoding()) {
            for (int i = 0; i < n; i++) {
                in.skipString();
            }
            return;
        }
        v.begin(type, n);
        boolean list = type == RdbType.LIST;
        for (int i = 0; i < n; i++) {
            byte[] e = in.readString();
            if (list) {
                v.listItem(e);
            } else {
                v.setMember(e);
            }
        }
    }

    private void sortedSet(int type) {
        int n = in.readCount("sorted set member");
        if (decoding()) {
            v.begin(type, n);
        }
        for (int i = 0; i < n; i++) {
            if (!decoding()) {
                in.skipString();
                if (type == RdbType.ZSET_2) {
                    in.skip(8);
                } else {
                    skipTextScore();
                }
                continue;
            }
            byte[] member = in.readString();
            double score = type == RdbType.ZSET_2 ? in.readBinaryDouble() : readTextScore();
            v.zsetMember(member, score);
        }
    }

    /** Old ZSET scores: one length byte then ASCII; 253, 254, 255 stand for nan, +inf, -inf. */
    private double readTextScore() {
        int len = in.readUnsignedByte();
        switch (len) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] text = new byte[len];
                in.readFully(text, 0, len);
                return ScoreText.parse(text, 0, len);
        }
    }

    private void skipTextScore() {
        int len = in.readUnsignedByte();
        if (len < 253) {
            in.skip(len);
        }
    }

    private void hashTable() {
        int n = in.readCount("hash field");
        if (!decoding()) {
            for (long i = 0; i < 2L * n; i++) {
                in.skipString();
            }
            return;
        }
        v.begin(RdbType.HASH, n);
        for (int i = 0; i < n; i++) {
            byte[] field = in.readString();
            byte[] value = in.readString();
            v.hashField(field, value, -1);
        }
    }

    /**
     * Hash with field TTLs (Redis 7.4). The GA form stores the smallest expiry first and each field's TTL
     * relative to it (+1, since 0 means "no TTL"); the release-candidate form stores absolute TTLs.
     */
    private void hashWithFieldTtl(int type) {
        long minExpire = type == RdbType.HASH_METADATA ? in.readMillis() : 0;
        int n = in.readCount("hash field");
        if (decoding()) {
            v.begin(type, n);
        }
        for (int i = 0; i < n; i++) {
            long ttl = in.readLength();
            if (!decoding()) {
                in.skipString();
                in.skipString();
                continue;
            }
            long expireAt = ttl == 0 ? -1 : (type == RdbType.HASH_METADATA ? ttl + minExpire - 1 : ttl);
            byte[] field = in.readString();
            byte[] value = in.readString();
            v.hashField(field, value, expireAt);
        }
    }

    private void quicklist(int type) {
        int nodes = in.readCount("quicklist node");
        if (decoding()) {
            v.begin(type, -1);
        }
        for (int i = 0; i < nodes; i++) {
            int container = QUICKLIST_NODE_PACKED;
            if (type == RdbType.LIST_QUICKLIST_2) {
                container = (int) in.readLength();
                if (container != QUICKLIST_NODE_PACKED && container != QUICKLIST_NODE_PLAIN) {
                    throw new RdbFormatException("quicklist node container " + container + " is neither 1 (plain) nor 2 (packed)");
                }
            }
            if (!decoding()) {
                in.skipString();
                continue;
            }
            byte[] node = in.readString();
            if (container == QUICKLIST_NODE_PLAIN) {
                v.listItem(node);
                continue;
            }
            PackedCursor c = type == RdbType.LIST_QUICKLIST ? new ZiplistCursor(node) : new ListpackCursor(node);
            while (c.next()) {
                v.listItem(c.bytes());
            }
        }
    }

    private void packed(int type) {
        if (!decoding()) {
            in.skipString();
            return;
        }
        byte[] blob = in.readString();
        PackedCursor c = cursor(type, blob);
        int count = c.count();
        switch (type) {
            case RdbType.LIST_ZIPLIST:
                v.begin(type, count);
                while (c.next()) {
                    v.listItem(c.bytes());
                }
                break;
            case RdbType.SET_INTSET:
            case RdbType.SET_LISTPACK:
                v.begin(type, count);
                while (c.next()) {
                    v.setMember(c.bytes());
                }
                break;
            case RdbType.ZSET_ZIPLIST:
            case RdbType.ZSET_LISTPACK:
                v.begin(type, count < 0 ? -1 : count / 2);
                while (c.next()) {
                    byte[] member = c.bytes();
                    expectNext(c, "score of sorted set member");
                    v.zsetMember(member, score(c));
                }
                break;
            default:
                v.begin(type, count < 0 || type == RdbType.HASH_ZIPMAP ? -1 : count / 2);
                while (c.next()) {
                    byte[] field = c.bytes();
                    expectNext(c, "value of hash field");
                    v.hashField(field, c.bytes(), -1);
                }
        }
    }

    /**
     * Listpack hash with field TTLs: triplets field, value, TTL (0 = none). The GA form puts the smallest
     * expiry in front of the listpack; it is redundant with the triplets, so it is read and dropped.
     */
    private void packedHashWithFieldTtl(int type) {
        if (type == RdbType.HASH_LISTPACK_EX) {
            in.readMillis();
        }
        if (!decoding()) {
            in.skipString();
            return;
        }
        ListpackCursor c = new ListpackCursor(in.readString());
        v.begin(type, c.count() < 0 ? -1 : c.count() / 3);
        while (c.next()) {
            byte[] field = c.bytes();
            expectNext(c, "value of hash field");
            byte[] value = c.bytes();
            expectNext(c, "TTL of hash field");
            long ttl = c.isInteger() ? c.integer() : Long.parseLong(new String(c.bytes(), java.nio.charset.StandardCharsets.US_ASCII));
            v.hashField(field, value, ttl == 0 ? -1 : ttl);
        }
    }

    /** The cursor over a packed blob (ziplist, listpack, intset, zipmap) of the given RDB type. */
    public static PackedCursor cursor(int type, byte[] blob) {
        switch (type) {
            case RdbType.HASH_ZIPMAP:
                return new ZipmapCursor(blob);
            case RdbType.LIST_ZIPLIST:
            case RdbType.ZSET_ZIPLIST:
            case RdbType.HASH_ZIPLIST:
                return new ZiplistCursor(blob);
            case RdbType.SET_INTSET:
                return new IntsetCursor(blob);
            default:
                return new ListpackCursor(blob);
        }
    }

    private static void expectNext(PackedCursor c, String what) {
        if (!c.next()) {
            throw new RdbFormatException("encoded value ends where the " + what + " was expected");
        }
    }

    private static double score(PackedCursor c) {
        return c.isInteger() ? c.integer() : ScoreText.parse(c.buffer(), c.offset(), c.length());
    }

    /**
     * MODULE_2 values are self-describing: a module id, then typed fields until an EOF opcode, which is
     * what lets us carry a module value we cannot interpret.
     */
    private void module() {
        long moduleId = in.readLength();
        if (decoding()) {
            v.begin(RdbType.MODULE_2, -1);
            v.moduleValue(ModuleIds.typeName(moduleId), ModuleIds.encodingVersion(moduleId));
        }
        ModuleIds.skipFields(in);
    }
}
