package dev.ferry.source.enumerator;

import dev.ferry.source.split.RdbFileSplit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out one split per RDB file, one at a time to whichever reader asks (readers ask when idle), and
 * tells a reader there is nothing more once every split is out, so the bounded job can finish. Splits
 * that come back from a failed reader carry the position of the reader's last checkpoint and are handed
 * out again first.
 */
@Internal
public final class RdbFileSplitEnumerator implements SplitEnumerator<RdbFileSplit, RdbFileEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(RdbFileSplitEnumerator.class);

    private final SplitEnumeratorContext<RdbFileSplit> context;
    private final Deque<RdbFileSplit> remaining;

    public RdbFileSplitEnumerator(SplitEnumeratorContext<RdbFileSplit> context, Collection<RdbFileSplit> splits) {
        this.context = context;
        this.remaining = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {
        LOG.info("RDB file source: {} file(s) to read", remaining.size());
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        if (!context.registeredReaders().containsKey(subtaskId)) {
            // The reader failed after asking; it will ask again when it comes back.
            return;
        }
        RdbFileSplit split = remaining.poll();
        if (split == null) {
            LOG.info("No more RDB files for subtask {}", subtaskId);
            context.signalNoMoreSplits(subtaskId);
            return;
        }
        LOG.info("Assigning {} to subtask {}", split, subtaskId);
        context.assignSplit(split, subtaskId);
    }

    @Override
    public void addSplitsBack(List<RdbFileSplit> splits, int subtaskId) {
        LOG.info("Subtask {} gave back {} split(s): {}", subtaskId, splits.size(), splits);
        List<RdbFileSplit> reversed = new ArrayList<>(splits);
        java.util.Collections.reverse(reversed);
        reversed.forEach(remaining::addFirst);
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits themselves (see RdbFileSourceReader#start).
    }

    @Override
    public RdbFileEnumeratorState snapshotState(long checkpointId) {
        return new RdbFileEnumeratorState(new ArrayList<>(remaining));
    }

    @Override
    public void close() {}
}
