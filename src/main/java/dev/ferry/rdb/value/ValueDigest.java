package dev.ferry.rdb.value;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A fingerprint of a value's logical content: what clients read, not how it is encoded. Two DUMP payloads
 * of the same value have the same digest even when one server wrote a ziplist and the other a listpack, or
 * when a hashtable set lists its members in another order (dict order depends on each server's hash seed).
 *
 * <p>Ordered content (string bytes, list items, stream entries and metadata) goes through SHA-256 in order;
 * unordered content (set members, hash fields, zset members with their scores) is summed as 128-bit element
 * hashes, which is independent of order. The value is streamed, never held whole.
 */
public final class ValueDigest implements ValueVisitor {
    private final MessageDigest ordered = sha256();
    private final MessageDigest element = sha256();
    private long unorderedHigh;
    private long unorderedLow;

    private ValueDigest() {}

    /** The digest of a DUMP payload's value. */
    public static byte[] of(byte[] dumpPayload) {
        int type = DumpPayload.type(dumpPayload);
        ValueDigest d = new ValueDigest();
        d.text(RdbType.logicalName(type));
        ValueWalker.decode(RdbInput.of(DumpPayload.rawValue(dumpPayload)), type, d);
        return d.finish();
    }

    /**
     * Whether two DUMP payloads hold the same logical value. A module value is opaque to Ferry, so only
     * byte-equal module payloads count as the same.
     */
    public static boolean sameValue(byte[] a, byte[] b) {
        if (Arrays.equals(a, b)) {
            return true;
        }
        String type = RdbType.logicalName(DumpPayload.type(a));
        // values of different types differ whatever their content: no need to walk them (a target that holds
        // other keys under the same names is mostly that)
        if (type.equals("module") || !type.equals(RdbType.logicalName(DumpPayload.type(b)))) {
            return false;
        }
        return Arrays.equals(of(a), of(b));
    }

    @Override
    public void stringValue(byte[] value) {
        bytes(value);
    }

    @Override
    public void listItem(byte[] item) {
        bytes(item);
    }

    @Override
    public void setMember(byte[] member) {
        element.update(member);
        addUnordered();
    }

    @Override
    public void zsetMember(byte[] member, double score) {
        element.update(member);
        element.update(longBytes(Double.doubleToLongBits(score == 0.0 ? 0.0 : score)));
        addUnordered();
    }

    @Override
    public void hashField(byte[] field, byte[] value, long expireAtMs) {
        element.update(longBytes(field.length));
        element.update(field);
        element.update(value);
        element.update(longBytes(expireAtMs));
        addUnordered();
    }

    @Override
    public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
        id(id);
        number(fieldsAndValues.length);
        for (byte[] b : fieldsAndValues) {
            bytes(b);
        }
    }

    @Override
    public void streamMeta(StreamMeta meta) {
        number(meta.length());
        id(meta.lastId());
        id(meta.firstId());
        id(meta.maxDeletedId());
        number(meta.entriesAdded());
    }

    @Override
    public void streamGroup(StreamGroup group) {
        bytes(group.name());
        id(group.lastDeliveredId());
        number(group.entriesRead());
        for (StreamPendingEntry p : group.pending()) {
            id(p.id());
            number(p.deliveryTimeMs());
            number(p.deliveryCount());
        }
        for (StreamConsumer c : group.consumers()) {
            bytes(c.name());
            number(c.seenTimeMs());
            number(c.activeTimeMs());
            c.pending().forEach(this::id);
        }
    }

    @Override
    public void moduleValue(String moduleType, int encodingVersion) {
        text(moduleType);
        number(encodingVersion);
    }

    private void addUnordered() {
        ByteBuffer h = ByteBuffer.wrap(element.digest());
        unorderedHigh += h.getLong();
        unorderedLow += h.getLong();
    }

    private byte[] finish() {
        number(unorderedHigh);
        number(unorderedLow);
        return ordered.digest();
    }

    private void id(StreamId id) {
        if (id == null) {
            number(-1);
            return;
        }
        number(id.ms());
        number(id.seq());
    }

    private void bytes(byte[] b) {
        number(b.length);
        ordered.update(b);
    }

    private void text(String s) {
        bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private void number(long v) {
        ordered.update(longBytes(v));
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(v).array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
