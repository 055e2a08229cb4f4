package dev.ferry.source.reader;

import dev.ferry.metrics.FerryMetric;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * A split's way through its snapshot (an RDB file, a shard's scan) as gauges of its metric group: phase, percent,
 * how much is read and of how much. The fetcher thread writes it; metric reporters read it from their own threads.
 */
@Internal
final class SnapshotGauges {
    static final String SNAPSHOT = "snapshot";
    static final String STREAMING = "streaming";
    static final String DONE = "done";

    private final boolean estimate;
    private volatile String phase = SNAPSHOT;
    private volatile long done;
    private volatile long total = -1;

    private SnapshotGauges(MetricGroup split, FerryMetric doneMetric, FerryMetric totalMetric, boolean estimate) {
        this.estimate = estimate;
        Gauge<String> phaseGauge = () -> phase;
        Gauge<Double> percent = this::percent;
        Gauge<Long> doneGauge = () -> done;
        Gauge<Long> totalGauge = () -> total;
        split.gauge(FerryMetric.PHASE.flinkName(), phaseGauge);
        split.gauge(FerryMetric.SNAPSHOT_PERCENT.flinkName(), percent);
        split.gauge(doneMetric.flinkName(), doneGauge);
        split.gauge(totalMetric.flinkName(), totalGauge);
    }

    /** An RDB file: bytes parsed of the file's size. */
    static SnapshotGauges bytes(MetricGroup split) {
        return new SnapshotGauges(split, FerryMetric.SNAPSHOT_BYTES_PARSED, FerryMetric.SNAPSHOT_BYTES_TOTAL, false);
    }

    /** A scan: keys SCAN returned of those INFO keyspace listed at the start, an estimate (keys come and go). */
    static SnapshotGauges keys(MetricGroup split) {
        return new SnapshotGauges(split, FerryMetric.SNAPSHOT_KEYS_SCANNED, FerryMetric.SNAPSHOT_KEYS_TOTAL, true);
    }

    void total(long total) {
        this.total = total;
    }

    void progress(long done) {
        this.done = done;
    }

    void phase(String phase) {
        this.phase = phase;
    }

    /** 100 once past the snapshot; an estimate stays below 100 until then; -1 while the size is unknown. */
    double percent() {
        if (!SNAPSHOT.equals(phase)) {
            return 100;
        }
        long t = total;
        if (t < 0) {
            return -1;
        }
        double p = t == 0 ? 0 : 100.0 * done / t;
        return Math.min(estimate ? 99.9 : 100, p);
    }
}
