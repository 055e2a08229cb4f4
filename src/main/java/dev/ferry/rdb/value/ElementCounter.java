package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbInput;

/** Counts a value's logical elements (1 for a string, entries for a stream) by walking it. */
public final class ElementCounter implements ValueVisitor {
    private long count;

    public static long count(RdbInput in, int type) {
        ElementCounter c = new ElementCounter();
        ValueWalker.decode(in, type, c);
        return c.count;
    }

    @Override
    public void stringValue(byte[] value) {
        count++;
    }

    @Override
    public void listItem(byte[] item) {
        count++;
    }

    @Override
    public void setMember(byte[] member) {
        count++;
    }

    @Override
    public void zsetMember(byte[] member, double score) {
        count++;
    }

    @Override
    public void hashField(byte[] field, byte[] value, long expireAtMs) {
        count++;
    }

    @Override
    public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
        count++;
    }

    @Override
    public void moduleValue(String moduleType, int encodingVersion) {
        count++;
    }
}
