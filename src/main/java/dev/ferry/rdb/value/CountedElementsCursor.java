package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.encoding.ScoreText;

/**
 * The hashtable-era encodings: a count, then each element as consecutive RDB strings (list item, set
 * member; sorted-set member and score; hash field and value, preceded by the field's TTL in the 7.4
 * field-TTL form).
 */
final class CountedElementsCursor extends ValueCursor {
    private final RdbInput in;
    /** Smallest field expiry of a GA field-TTL hash, which its TTLs are relative to. */
    private final long minExpire;
    private final int count;
    private int left;

    CountedElementsCursor(RdbInput in, int type) {
        super(type);
        this.in = in;
        this.minExpire = type == RdbType.HASH_METADATA ? in.readMillis() : 0;
        this.count = in.readCount(countName(type));
        this.left = count;
    }

    /** Consumes the value reading the header and the score lengths only, string bodies unread. */
    static void skip(RdbInput in, int type) {
        if (type == RdbType.HASH_METADATA) {
            in.readMillis();
        }
        int n = in.readCount(countName(type));
        switch (type) {
            case RdbType.LIST, RdbType.SET -> {
                for (; n > 0; n--) {
                    in.skipString();
                }
            }
            case RdbType.ZSET -> {
                for (; n > 0; n--) {
                    in.skipString();
                    skipTextScore(in);
                }
            }
            case RdbType.ZSET_2 -> {
                for (; n > 0; n--) {
                    in.skipString();
                    in.skip(8);
                }
            }
            case RdbType.HASH -> {
                for (; n > 0; n--) {
                    in.skipString();
                    in.skipString();
                }
            }
            default -> {
                for (; n > 0; n--) {
                    in.readLength(); // the field's TTL
                    in.skipString();
                    in.skipString();
                }
            }
        }
    }

    /** Old text scores: a length byte, where 253-255 (nan, +inf, -inf) have no text. */
    private static void skipTextScore(RdbInput in) {
        int len = in.readUnsignedByte();
        if (len < 253) {
            in.skip(len);
        }
    }

    private static String countName(int type) {
        switch (type) {
            case RdbType.LIST:
            case RdbType.SET:
                return "element";
            case RdbType.ZSET:
            case RdbType.ZSET_2:
                return "sorted set member";
            default:
                return "hash field";
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public boolean next(ValueVisitor v) {
        if (left == 0) {
            return false;
        }
        left--;
        switch (type()) {
            case RdbType.LIST:
                v.listItem(in.readString());
                break;
            case RdbType.SET:
                v.setMember(in.readString());
                break;
            case RdbType.ZSET:
            case RdbType.ZSET_2: {
                byte[] member = in.readString();
                v.zsetMember(member, type() == RdbType.ZSET_2 ? in.readBinaryDouble() : readTextScore());
                break;
            }
            case RdbType.HASH:
                v.hashField(in.readString(), in.readString(), -1);
                break;
            default:
                hashFieldWithTtl(v);
        }
        return true;
    }

    /**
     * The GA form stores each field's TTL relative to the smallest expiry (+1, since 0 means "no TTL");
     * the release-candidate form stores absolute TTLs.
     */
    private void hashFieldWithTtl(ValueVisitor v) {
        long ttl = in.readLength();
        long expireAt = ttl == 0 ? -1 : (type() == RdbType.HASH_METADATA ? ttl + minExpire - 1 : ttl);
        byte[] field = in.readString();
        v.hashField(field, in.readString(), expireAt);
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
}
