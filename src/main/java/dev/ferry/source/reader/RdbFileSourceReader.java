package dev.ferry.source.reader;

import dev.ferry.rdb.ResumePoint;
import dev.ferry.source.split.RdbFileSplit;
import dev.ferry.source.split.RdbFileSplitState;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceReaderContext;

/**
 * Source reader of RDB files: one fetcher thread runs {@link RdbFileSplitReader}; the task thread emits
 * through {@link PositionEmitter}. Like Flink's file source it pulls work: it asks the enumerator for a
 * split when it starts without one and again each time a split is finished.
 */
@Internal
public final class RdbFileSourceReader
        extends SplitStateSourceReader<EventWithResumePoint, RdbFileSplit, ResumePoint, RdbFileSplitState> {

    public RdbFileSourceReader(SourceReaderContext context) {
        this(context, new RdbSourceMetrics(context.metricGroup()));
    }

    private RdbFileSourceReader(SourceReaderContext context, RdbSourceMetrics metrics) {
        super(() -> new RdbFileSplitReader(metrics), RdbFileSplitState::new, context);
    }

    @Override
    public void start() {
        // Splits restored from a checkpoint were added before start(); only ask when there is nothing to do.
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            context.sendSplitRequest();
        }
    }

    @Override
    protected void onSplitFinished(Map<String, RdbFileSplitState> finishedSplitIds) {
        context.sendSplitRequest();
    }
}
