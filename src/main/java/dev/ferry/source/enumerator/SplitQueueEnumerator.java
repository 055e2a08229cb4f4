package dev.ferry.source.enumerator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out a fixed set of splits (one per RDB file, one per source server), one at a time to whichever reader
 * asks (readers ask when idle), and tells a reader there is nothing more once every split is out, so a bounded
 * job can finish and an idle reader of an unbounded one stops taking a slot's attention. Splits
 * that come back from a failed reader carry the position of the reader's last checkpoint and are handed
 * out again first.
 */
@Internal
public final class SplitQueueEnumerator<S extends SourceSplit> implements SplitEnumerator<S, PendingSplits<S>> {
    private static final Logger LOG = LoggerFactory.getLogger(SplitQueueEnumerator.class);

    private final SplitEnumeratorContext<S> context;
    private final Deque<S> remaining;
    private final String what;

    /** @param what what a split is, for the log: "RDB file", "replica" */
    public SplitQueueEnumerator(SplitEnumeratorContext<S> context, Collection<S> splits, String what) {
        this.what = what;
        this.context = context;
        this.remaining = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {
        LOG.info("{} source: {} split(s) to read", what, remaining.size());
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        if (!context.registeredReaders().containsKey(subtaskId)) {
            // The reader failed after asking; it will ask again when it comes back.
            return;
        }
        S split = remaining.poll();
        if (split == null) {
            LOG.info("No more {} splits for subtask {}", what, subtaskId);
            context.signalNoMoreSplits(subtaskId);
            return;
        }
        LOG.info("Assigning {} to subtask {}", split, subtaskId);
        context.assignSplit(split, subtaskId);
    }

    @Override
    public void addSplitsBack(List<S> splits, int subtaskId) {
        LOG.info("Subtask {} gave back {} split(s): {}", subtaskId, splits.size(), splits);
        List<S> reversed = new ArrayList<>(splits);
        java.util.Collections.reverse(reversed);
        reversed.forEach(remaining::addFirst);
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits themselves (see RdbFileSourceReader#start).
    }

    @Override
    public PendingSplits<S> snapshotState(long checkpointId) {
        return new PendingSplits<>(new ArrayList<>(remaining));
    }

    @Override
    public void close() {}
}
