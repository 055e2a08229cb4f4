package dev.ferry.rdb.value;

import java.util.List;

/** A consumer of a group; {@code activeTimeMs} exists from stream encoding v3 (Redis 7.2) on, else -1. */
public record StreamConsumer(byte[] name, long seenTimeMs, long activeTimeMs, List<StreamId> pending) {}
