package dev.ferry.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** Counters of the replica connections of one source reader, over all its splits. */
@Internal
public final class ReplicationMetrics {
    /** Full synchronizations (snapshots) received: one per split at start, more only when a resume failed. */
    final Counter fullSyncs;
    /** Replications continued with {@code +CONTINUE} (a restore or a reconnect without a full sync). */
    final Counter partialSyncs;
    /** Connections re-established inside the reader after the source connection was lost. */
    final Counter reconnects;

    public ReplicationMetrics(MetricGroup group) {
        this.fullSyncs = group.counter("fullSyncs");
        this.partialSyncs = group.counter("partialSyncs");
        this.reconnects = group.counter("reconnects");
    }
}
