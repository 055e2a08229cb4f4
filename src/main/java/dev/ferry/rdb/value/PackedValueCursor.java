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
import java.nio.charset.StandardCharsets;

/**
 * A value stored as one packed blob (ziplist, listpack, intset, zipmap): single entries for lists and
 * sets, pairs for sorted sets and hashes, and triplets field, value, TTL (0 = none) for the 7.4 listpack
 * hash with field TTLs.
 */
final class PackedValueCursor extends ValueCursor {
    private final PackedCursor c;
    private final long count;

    PackedValueCursor(RdbInput in, int type) {
        super(type);
        skipMinExpire(in, type);
        this.c = cursor(type, in.readString());
        this.count = elementCount(type, c.count());
    }

    static void skip(RdbInput in, int type) {
        skipMinExpire(in, type);
        in.skipString();
    }

    /** The GA listpack-with-TTLs puts the smallest expiry in front; the triplets repeat it, so it is dropped. */
    private static void skipMinExpire(RdbInput in, int type) {
        if (type == RdbType.HASH_LISTPACK_EX) {
            in.readMillis();
        }
    }

    private static long elementCount(int type, int entries) {
        if (entries < 0) {
            return -1;
        }
        switch (type) {
            case RdbType.LIST_ZIPLIST:
            case RdbType.SET_INTSET:
            case RdbType.SET_LISTPACK:
                return entries;
            case RdbType.HASH_ZIPMAP:
                return -1;
            case RdbType.HASH_LISTPACK_EX_PRE_GA:
            case RdbType.HASH_LISTPACK_EX:
                return entries / 3;
            default:
                return entries / 2;
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public boolean next(ValueVisitor v) {
        if (!c.next()) {
            return false;
        }
        switch (type()) {
            case RdbType.LIST_ZIPLIST:
                v.listItem(c.bytes());
                break;
            case RdbType.SET_INTSET:
            case RdbType.SET_LISTPACK:
                v.setMember(c.bytes());
                break;
            case RdbType.ZSET_ZIPLIST:
            case RdbType.ZSET_LISTPACK: {
                byte[] member = c.bytes();
                expectNext("score of sorted set member");
                v.zsetMember(member, c.isInteger() ? c.integer() : ScoreText.parse(c.buffer(), c.offset(), c.length()));
                break;
            }
            case RdbType.HASH_LISTPACK_EX_PRE_GA:
            case RdbType.HASH_LISTPACK_EX: {
                byte[] field = c.bytes();
                expectNext("value of hash field");
                byte[] value = c.bytes();
                expectNext("TTL of hash field");
                long ttl = c.isInteger() ? c.integer() : Long.parseLong(new String(c.bytes(), StandardCharsets.US_ASCII));
                v.hashField(field, value, ttl == 0 ? -1 : ttl);
                break;
            }
            default: {
                byte[] field = c.bytes();
                expectNext("value of hash field");
                v.hashField(field, c.bytes(), -1);
            }
        }
        return true;
    }

    private void expectNext(String what) {
        if (!c.next()) {
            throw new RdbFormatException("encoded value ends where the " + what + " was expected");
        }
    }

    private static PackedCursor cursor(int type, byte[] blob) {
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
}
