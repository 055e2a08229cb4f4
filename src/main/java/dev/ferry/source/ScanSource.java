package dev.ferry.source;

import dev.ferry.config.ScanReaderConfig;
import dev.ferry.event.RedisEvent;
import dev.ferry.source.reader.ScanSourceReader;
import dev.ferry.source.scan.ScanSettings;
import dev.ferry.source.scan.ShardDiscovery;
import dev.ferry.source.split.ScanSplit;
import dev.ferry.source.split.ScanSplitSerializer;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The keys of a live source read with {@code SCAN} + {@code DUMP} (what managed Redis services leave open when they
 * forbid PSYNC), as {@link dev.ferry.event.KeyEvent}s like a snapshot's; with {@code ksn}, then every key that keyspace
 * notifications name, as {@code RESTORE ... REPLACE} / {@code DEL} commands, for as long as the job runs.
 *
 * <pre>{@code
 * ScanSource source = ScanSource.of(cfg.scanReader());
 * DataStream<RedisEvent> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), "scan-reader");
 * }</pre>
 *
 * One split per source shard (a standalone server; each master of a cluster, found when the job starts). A
 * checkpoint holds each shard's db and SCAN cursor; a restored job continues there (SCAN returns every key present
 * during the whole scan at least once; a key returned again is found identical on the target). With {@code ksn} a
 * restored job scans again from the beginning, since the notifications in between were missed.
 */
public final class ScanSource extends SplitSource<ScanSplit> {
    private static final long serialVersionUID = 1L;
    private static final String WHAT = "scan";

    private final ScanSettings settings;

    private ScanSource(ScanSettings settings) {
        super(WHAT);
        this.settings = settings;
    }

    public static ScanSource of(ScanReaderConfig cfg) {
        return new ScanSource(ScanSettings.of(cfg));
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.ksn() ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    List<ScanSplit> initialSplits() {
        return ShardDiscovery.shards(settings);
    }

    @Override
    public SimpleVersionedSerializer<ScanSplit> getSplitSerializer() {
        return ScanSplitSerializer.INSTANCE;
    }

    @Override
    public SourceReader<RedisEvent, ScanSplit> createReader(SourceReaderContext readerContext) {
        return new ScanSourceReader(readerContext, settings);
    }

    @Override
    public String toString() {
        return "ScanSource[" + settings.seed() + "]";
    }
}
