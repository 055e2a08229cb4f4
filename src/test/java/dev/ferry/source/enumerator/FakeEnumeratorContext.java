package dev.ferry.source.enumerator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/** An enumerator context that records what the enumerator assigns and signals; readers register by hand. */
final class FakeEnumeratorContext<S extends SourceSplit> implements SplitEnumeratorContext<S> {
    final Map<Integer, ReaderInfo> readers = new HashMap<>();
    final List<Map.Entry<Integer, S>> assigned = new ArrayList<>();
    final List<Integer> noMoreSplits = new ArrayList<>();
    private final int parallelism;

    /** The parallelism is the number of readers registered so far. */
    FakeEnumeratorContext() {
        this(-1);
    }

    FakeEnumeratorContext(int parallelism) {
        this.parallelism = parallelism;
    }

    void register(int subtask) {
        readers.put(subtask, new ReaderInfo(subtask, "localhost"));
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
        return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

    @Override
    public int currentParallelism() {
        return parallelism < 0 ? readers.size() : parallelism;
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
        return readers;
    }

    @Override
    public void assignSplits(SplitsAssignment<S> assignment) {
        assignment.assignment().forEach((subtask, splits) -> splits.forEach(s -> assigned.add(Map.entry(subtask, s))));
    }

    @Override
    public void signalNoMoreSplits(int subtask) {
        noMoreSplits.add(subtask);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
        runnable.run();
    }
}
