package dev.ferry.rdb.value;

import java.util.List;

/** A consumer group; {@code entriesRead} exists from stream encoding v2 on, else -1. */
public record StreamGroup(
        byte[] name,
        StreamId lastDeliveredId,
        long entriesRead,
        List<StreamPendingEntry> pending,
        List<StreamConsumer> consumers) {}
