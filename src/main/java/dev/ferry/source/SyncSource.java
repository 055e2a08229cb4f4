package dev.ferry.source;

import dev.ferry.config.SyncReaderConfig;
import dev.ferry.event.RedisEvent;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.source.enumerator.PendingSplits;
import dev.ferry.source.enumerator.SourceDiscovery;
import dev.ferry.source.enumerator.SpreadSplitEnumerator;
import dev.ferry.source.reader.ReplicaSettings;
import dev.ferry.source.reader.SourceServers;
import dev.ferry.source.reader.SyncSourceReader;
import dev.ferry.source.split.SourceLocator;
import dev.ferry.source.split.SyncSplit;
import dev.ferry.source.split.SyncSplitSerializer;
import dev.ferry.source.sync.PsyncRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Ferry as a replica of a Redis source: the snapshot's keys as {@link dev.ferry.event.KeyEvent}s, then every
 * replicated write as a {@link dev.ferry.event.CommandEvent}, for as long as the job runs ({@code sync_aof =
 * false}: the snapshot only, and the source is bounded).
 *
 * <pre>{@code
 * SyncSource source = SyncSource.of(cfg.syncReader(), cfg.advanced().dir().resolve("spool"), cfg.advanced().logInterval());
 * DataStream<RedisEvent> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), "sync-reader")
 *         .setParallelism(Math.min(source.splitCount(), parallelism));
 * }</pre>
 *
 * One split per source server: the server itself, the master Sentinel names, or each shard of a cluster, found when
 * the source is built. A checkpoint holds how to find the server, its replication id and the offset after the last
 * emitted command; a restored job asks the source to continue from there ({@code PSYNC replid offset}) and, when the
 * source's backlog no longer has it, starts over with a full sync.
 */
public final class SyncSource extends SplitSource<SyncSplit> {
    private static final long serialVersionUID = 2L;
    private static final String WHAT = "replica";

    private final ReplicaSettings settings;
    private final LinkedHashMap<String, SourceLocator> splits;

    private SyncSource(ReplicaSettings settings, Map<String, SourceLocator> splits) {
        super(WHAT);
        this.settings = settings;
        this.splits = new LinkedHashMap<>(splits);
    }

    /**
     * Finds the source's splits now (a cluster's shards, Sentinel's master).
     *
     * @param spoolRoot where each split spools what the source sends ({@code <spoolRoot>/<split>})
     * @param logInterval seconds between each split's progress lines, 0 for none
     * @throws dev.ferry.resp.RedisConnectException when the source, the Sentinel or every cluster node is unreachable
     * @throws dev.ferry.sink.TargetTopologyException when the Sentinel does not know the master, or a cluster
     *                                                source is not a cluster
     */
    public static SyncSource of(SyncReaderConfig cfg, Path spoolRoot, int logInterval) {
        RedisEndpoint source = endpoint(cfg);
        RedisEndpoint sentinel = cfg.sentinel() == null ? null : cfg.sentinel().endpoint("[sync_reader.sentinel]");
        ReplicaSettings settings = new ReplicaSettings(source, sentinel, cfg.preferReplica(),
                spoolRoot.toAbsolutePath().toString(), cfg.syncRdb(), cfg.syncAof(), logInterval,
                ReplicaSettings.SPOOL_SEGMENT_BYTES);
        return new SyncSource(settings, SourceDiscovery.splits(settings,
                cfg.sentinel() == null ? null : cfg.sentinel().masterName(), cfg.cluster()));
    }

    /** The same source with spool files of {@code bytes} each (64 MB by default), so a test sees them come and go. */
    SyncSource withSpoolSegmentBytes(long bytes) {
        return new SyncSource(settings.withSpoolSegmentBytes(bytes), splits);
    }

    /** The server each split would replicate from now: what checks before the job ask. */
    public List<RedisEndpoint> currentServers() {
        SourceServers servers = new SourceServers(settings);
        return splits.values().stream().map(l -> servers.choose(l, PsyncRequest.fullSync())).toList();
    }

    /** How many splits (source servers) there are: more source readers than that would idle. */
    public int splitCount() {
        return splits.size();
    }

    /** The source server of {@code [sync_reader]}, with its login. */
    public static RedisEndpoint endpoint(SyncReaderConfig cfg) {
        return cfg.endpoint("[sync_reader]");
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.syncAof() ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    List<SyncSplit> initialSplits() {
        return splits.entrySet().stream().map(e -> new SyncSplit(e.getKey(), e.getValue(), null)).toList();
    }

    @Override
    SplitEnumerator<SyncSplit, PendingSplits<SyncSplit>> enumerator(SplitEnumeratorContext<SyncSplit> context,
                                                                    List<SyncSplit> toAssign) {
        return new SpreadSplitEnumerator<>(context, toAssign, WHAT);
    }

    @Override
    public SimpleVersionedSerializer<SyncSplit> getSplitSerializer() {
        return SyncSplitSerializer.INSTANCE;
    }

    @Override
    public SourceReader<RedisEvent, SyncSplit> createReader(SourceReaderContext readerContext) {
        return new SyncSourceReader(readerContext, settings);
    }

    @Override
    public String toString() {
        return "SyncSource" + splits.values();
    }
}
