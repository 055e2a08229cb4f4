package dev.ferry.rdb.value;

/**
 * The stream-wide fields stored after the entries. {@code firstId}, {@code maxDeletedId} and
 * {@code entriesAdded} exist from stream encoding v2 (Redis 7.0) on; for v1 they are null / -1.
 */
public record StreamMeta(long length, StreamId lastId, StreamId firstId, StreamId maxDeletedId, long entriesAdded) {}
