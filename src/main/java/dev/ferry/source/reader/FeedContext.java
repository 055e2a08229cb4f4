package dev.ferry.source.reader;

import dev.ferry.command.CommandTable;
import org.apache.flink.annotation.Internal;

/** What the replica feeds of one source reader share. */
@Internal
record FeedContext(ReplicaSettings settings, SourceServers servers, Backoff backoff, SnapshotEvents snapshotEvents,
                   CommandTable commandTable, CheckpointedPositions checkpointed, ReplicationMetrics metrics) {}
