package dev.ferry.rdb.value;

/** One entry of a consumer group's pending entries list. */
public record StreamPendingEntry(StreamId id, long deliveryTimeMs, long deliveryCount) {}
