package dev.ferry.source;

import dev.ferry.config.SyncReaderConfig;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.RedisEventTypeInfo;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.source.enumerator.PendingSplits;
import dev.ferry.source.enumerator.PendingSplitsSerializer;
import dev.ferry.source.enumerator.SplitQueueEnumerator;
import dev.ferry.source.reader.ReplicaSettings;
import dev.ferry.source.reader.SyncSourceReader;
import dev.ferry.source.split.SyncSplit;
import dev.ferry.source.split.SyncSplitSerializer;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Ferry as a replica of a standalone Redis: the snapshot's keys as {@link dev.ferry.event.KeyEvent}s, then every
 * replicated write as a {@link dev.ferry.event.CommandEvent}, for as long as the job runs ({@code sync_aof =
 * false}: the snapshot only, and the source is bounded).
 *
 * <pre>{@code
 * SyncSource source = SyncSource.of(cfg.syncReader(), cfg.advanced().dir().resolve("spool"));
 * DataStream<RedisEvent> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), "sync-reader");
 * }</pre>
 *
 * One split per source server. A checkpoint holds its replication id and the offset after the last emitted
 * command; a restored job asks the source to continue from there ({@code PSYNC replid offset}) and, when the
 * source's backlog no longer has it, starts over with a full sync.
 */
public final class SyncSource
        implements Source<RedisEvent, SyncSplit, PendingSplits<SyncSplit>>, ResultTypeQueryable<RedisEvent> {
    private static final long serialVersionUID = 1L;
    private static final String WHAT = "replica";

    private final ReplicaSettings settings;
    private final String address;

    private SyncSource(ReplicaSettings settings, String address) {
        this.settings = settings;
        this.address = address;
    }

    /** @param spoolRoot where each split spools what the source sends ({@code <spoolRoot>/<split>}) */
    public static SyncSource of(SyncReaderConfig cfg, Path spoolRoot) {
        return new SyncSource(new ReplicaSettings(endpoint(cfg), spoolRoot.toAbsolutePath().toString(), cfg.syncRdb(),
                cfg.syncAof()), cfg.address());
    }

    /** The source server of {@code [sync_reader]}, with its login. */
    public static RedisEndpoint endpoint(SyncReaderConfig cfg) {
        return new RedisEndpoint(cfg.host(), cfg.port(), cfg.username(), cfg.password(), cfg.tls(), "[sync_reader]");
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.syncAof() ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<SyncSplit, PendingSplits<SyncSplit>> createEnumerator(SplitEnumeratorContext<SyncSplit> context) {
        return new SplitQueueEnumerator<>(context, List.of(SyncSplit.of(address)), WHAT);
    }

    @Override
    public SplitEnumerator<SyncSplit, PendingSplits<SyncSplit>> restoreEnumerator(
            SplitEnumeratorContext<SyncSplit> context, PendingSplits<SyncSplit> checkpoint) {
        return new SplitQueueEnumerator<>(context, checkpoint.remainingSplits(), WHAT);
    }

    @Override
    public SimpleVersionedSerializer<SyncSplit> getSplitSerializer() {
        return SyncSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PendingSplits<SyncSplit>> getEnumeratorCheckpointSerializer() {
        return new PendingSplitsSerializer<>(SyncSplitSerializer.INSTANCE, WHAT);
    }

    @Override
    public SourceReader<RedisEvent, SyncSplit> createReader(SourceReaderContext readerContext) {
        return new SyncSourceReader(readerContext, settings);
    }

    @Override
    public TypeInformation<RedisEvent> getProducedType() {
        return RedisEventTypeInfo.INSTANCE;
    }

    @Override
    public String toString() {
        return "SyncSource[" + address + "]";
    }
}
