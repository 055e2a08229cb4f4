package dev.ferry.source.reader;

import dev.ferry.metrics.FerryMetric;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /** Commands not in the command table are counted together under this name, so a bad stream cannot add groups without end. */
    static final String OTHER_COMMAND = "OTHER";

    /** Full synchronizations (snapshots) received: one per split at start, more only when a resume failed. */
    final Counter fullSyncs;
    /** Replications continued with {@code +CONTINUE} (a restore or a reconnect without a full sync). */
    final Counter partialSyncs;
    /** Connections re-established inside the reader after the source connection was lost. */
    final Counter reconnects;
    private final MetricGroup group;
    /** Commands read per command name, in group {@code command=<NAME>}. */
    private final Map<String, Counter> commands = new ConcurrentHashMap<>();

    public ReplicationMetrics(MetricGroup group) {
        this.group = group;
        this.fullSyncs = group.counter("fullSyncs");
        this.partialSyncs = group.counter("partialSyncs");
        this.reconnects = group.counter("reconnects");
    }

    /** Publishes a split's progress: phase, snapshot %, lag and spool size in bytes, caught up. */
    void register(String splitId, SplitProgress progress) {
        MetricGroup split = group.addGroup(FerryMetric.Label.SPLIT.key(), splitId);
        Gauge<String> phase = progress::phase;
        Gauge<Double> snapshotPercent = progress::snapshotPercent;
        Gauge<Long> parsed = progress::snapshotBytesParsed;
        Gauge<Long> total = progress::snapshotBytesTotal;
        Gauge<Long> lagBytes = progress::lagBytes;
        Gauge<Long> lagMs = progress::lagMs;
        Gauge<Long> spoolBytes = progress::spoolBytes;
        Gauge<Integer> caughtUp = () -> progress.caughtUp() ? 1 : 0;
        split.gauge(FerryMetric.PHASE.flinkName(), phase);
        split.gauge(FerryMetric.SNAPSHOT_PERCENT.flinkName(), snapshotPercent);
        split.gauge(FerryMetric.SNAPSHOT_BYTES_PARSED.flinkName(), parsed);
        split.gauge(FerryMetric.SNAPSHOT_BYTES_TOTAL.flinkName(), total);
        split.gauge(FerryMetric.LAG_BYTES.flinkName(), lagBytes);
        split.gauge(FerryMetric.LAG_MS.flinkName(), lagMs);
        split.gauge(FerryMetric.SPOOL_BYTES.flinkName(), spoolBytes);
        split.gauge(FerryMetric.CAUGHT_UP.flinkName(), caughtUp);
    }

    /** A replicated command read: counted under its name when the command table knows it, else as {@value #OTHER_COMMAND}. */
    void commandRead(byte[][] argv, boolean known) {
        String name = known ? new String(argv[0], StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT) : OTHER_COMMAND;
        Counter c = commands.get(name);
        if (c == null) {
            c = commands.computeIfAbsent(name,
                    n -> group.addGroup(FerryMetric.Label.COMMAND.key(), n).counter(FerryMetric.COMMANDS_READ.flinkName()));
        }
        c.inc();
    }
}
