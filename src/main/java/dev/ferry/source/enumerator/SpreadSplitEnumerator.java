package dev.ferry.source.enumerator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads a fixed set of unbounded splits (one per source shard) evenly over the readers, round robin, once every
 * reader has registered, and then tells each reader there is nothing more. A reader of unbounded splits never asks
 * for another, so splits cannot be handed out on request as {@link SplitQueueEnumerator} does: the first reader to
 * ask would take them all. Splits that come back from a failed reader go back to that reader when it registers
 * again.
 */
@Internal
public final class SpreadSplitEnumerator<S extends SourceSplit> implements SplitEnumerator<S, PendingSplits<S>> {
    private static final Logger LOG = LoggerFactory.getLogger(SpreadSplitEnumerator.class);

    private final SplitEnumeratorContext<S> context;
    private final List<S> unassigned;
    private final Map<Integer, List<S>> givenBack = new HashMap<>();
    private final Set<Integer> told = new HashSet<>();
    private final String what;

    /** @param what what a split is, for the log: "replica" */
    public SpreadSplitEnumerator(SplitEnumeratorContext<S> context, Collection<S> splits, String what) {
        this.context = context;
        this.unassigned = new ArrayList<>(splits);
        this.what = what;
    }

    @Override
    public void start() {
        LOG.info("{} source: {} split(s) to spread over {} reader(s)", what, unassigned.size(),
                context.currentParallelism());
    }

    @Override
    public void addReader(int subtaskId) {
        told.remove(subtaskId);
        List<S> back = givenBack.remove(subtaskId);
        if (back != null) {
            back.forEach(s -> assign(s, subtaskId));
        }
        if (context.registeredReaders().size() < context.currentParallelism()) {
            return;
        }
        List<Integer> readers = new ArrayList<>(context.registeredReaders().keySet());
        readers.sort(null);
        for (int i = 0; i < unassigned.size(); i++) {
            assign(unassigned.get(i), readers.get(i % readers.size()));
        }
        unassigned.clear();
        for (int reader : readers) {
            if (told.add(reader)) {
                context.signalNoMoreSplits(reader);
            }
        }
    }

    private void assign(S split, int subtaskId) {
        LOG.info("Assigning {} to subtask {}", split, subtaskId);
        context.assignSplit(split, subtaskId);
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        // readers are given their splits when they register
    }

    @Override
    public void addSplitsBack(List<S> splits, int subtaskId) {
        LOG.info("Subtask {} gave back {} split(s): {}", subtaskId, splits.size(), splits);
        givenBack.computeIfAbsent(subtaskId, k -> new ArrayList<>()).addAll(splits);
    }

    @Override
    public PendingSplits<S> snapshotState(long checkpointId) {
        List<S> pending = new ArrayList<>(unassigned);
        givenBack.values().forEach(pending::addAll);
        return new PendingSplits<>(pending);
    }

    @Override
    public void close() {}
}
