package dev.ferry.source.reader;

import dev.ferry.ratelimit.RateLimits;
import dev.ferry.source.scan.ScanSettings;
import dev.ferry.source.split.ScanPosition;
import dev.ferry.source.split.ScanSplit;
import dev.ferry.source.split.ScanSplitState;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;

/**
 * Source reader of scan splits: one fetcher thread runs {@link ScanSplitReader} over all the shards this reader
 * holds; the task thread emits through {@link PositionEmitter}. It keeps asking for splits until the enumerator has
 * none left, since it reads its shards side by side. {@code max_qps} is shared evenly among the readers, each with a
 * Flink rate limiter of its own.
 */
@Internal
public final class ScanSourceReader
        extends SplitStateSourceReader<ScanRecord, ScanSplit, ScanPosition, ScanSplitState> {
    private boolean started;

    public ScanSourceReader(SourceReaderContext context, ScanSettings settings) {
        this(context, settings, limiter(settings, context.currentParallelism()), new RdbSourceMetrics(context.metricGroup()));
    }

    private ScanSourceReader(SourceReaderContext context, ScanSettings settings, RateLimiter<ScanSplit> limiter,
                             RdbSourceMetrics metrics) {
        super(() -> new ScanSplitReader(settings, limiter, metrics), ScanSplitState::new, context);
    }

    private static RateLimiter<ScanSplit> limiter(ScanSettings settings, int parallelism) {
        return RateLimits.perSubtask(settings.maxQps(), parallelism);
    }

    /**
     * Asks even when restored with splits: the reader wants every split it can get, and until it asks the enumerator
     * never says there are no more, which a bounded job needs to end. (A request sent before this reader is
     * registered, as one from {@link #addSplits} for restored splits would be, is dropped by the enumerator.)
     */
    @Override
    public void start() {
        started = true;
        context.sendSplitRequest();
    }

    @Override
    public void addSplits(List<ScanSplit> splits) {
        super.addSplits(splits);
        if (started) {
            context.sendSplitRequest();
        }
    }

    @Override
    protected void onSplitFinished(Map<String, ScanSplitState> finishedSplitIds) {
        // more splits were asked for when this one came
    }
}
