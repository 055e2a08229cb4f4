package dev.ferry.rdb.value;

/**
 * Receives a value's logical elements one at a time, as the decoder walks the encoded value, so a value
 * with millions of elements never has to exist as a collection. Only the callbacks of the value's
 * logical type are called, between {@link #begin} and {@link #end}.
 */
public interface ValueVisitor {
    /** Before the first element. {@code count} is the element count when the encoding states it, else -1. */
    default void begin(int rdbType, long count) {}

    default void stringValue(byte[] value) {}

    default void listItem(byte[] item) {}

    default void setMember(byte[] member) {}

    default void zsetMember(byte[] member, double score) {}

    /** {@code expireAtMs} is the field's absolute expiry (Redis 7.4 hash field TTL), or -1 for none. */
    default void hashField(byte[] field, byte[] value, long expireAtMs) {}

    /** A live (not deleted) stream entry; {@code fieldsAndValues} alternates field, value. */
    default void streamEntry(StreamId id, byte[][] fieldsAndValues) {}

    default void streamMeta(StreamMeta meta) {}

    default void streamGroup(StreamGroup group) {}

    /** A module value: its type name (9 chars), encoding version, and the module-serialized size. */
    default void moduleValue(String moduleType, int encodingVersion) {}

    default void end() {}
}
