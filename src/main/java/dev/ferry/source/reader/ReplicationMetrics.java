package dev.ferry.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Metrics of the replica connections of one source reader: counters over all its splits, and per split (group
 * {@code split=<id>}) the gauges of its {@link SplitProgress}.
 */
@Internal
public final class ReplicationMetrics {
    /** The key of the per-split metric group; its value is the split id. */
    public static final String SPLIT_GROUP = "split";
    /** Per split: 1 once the target has acknowledged everything the split received, else 0. */
    public static final String CAUGHT_UP = "caughtUp";

    /** Full synchronizations (snapshots) received: one per split at start, more only when a resume failed. */
    final Counter fullSyncs;
    /** Replications continued with {@code +CONTINUE} (a restore or a reconnect without a full sync). */
    final Counter partialSyncs;
    /** Connections re-established inside the reader after the source connection was lost. */
    final Counter reconnects;
    private final MetricGroup group;

    public ReplicationMetrics(MetricGroup group) {
        this.group = group;
        this.fullSyncs = group.counter("fullSyncs");
        this.partialSyncs = group.counter("partialSyncs");
        this.reconnects = group.counter("reconnects");
    }

    /** Publishes a split's progress: phase, snapshot %, lag and spool size in bytes, caught up. */
    void register(String splitId, SplitProgress progress) {
        MetricGroup split = group.addGroup(SPLIT_GROUP, splitId);
        Gauge<String> phase = progress::phase;
        Gauge<Double> snapshotPercent = progress::snapshotPercent;
        Gauge<Long> lagBytes = progress::lagBytes;
        Gauge<Long> spoolBytes = progress::spoolBytes;
        Gauge<Integer> caughtUp = () -> progress.caughtUp() ? 1 : 0;
        split.gauge("phase", phase);
        split.gauge("snapshotPercent", snapshotPercent);
        split.gauge("lagBytes", lagBytes);
        split.gauge("spoolBytes", spoolBytes);
        split.gauge(CAUGHT_UP, caughtUp);
    }
}
