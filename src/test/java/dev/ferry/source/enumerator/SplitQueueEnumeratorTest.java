package dev.ferry.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.rdb.ResumePoint;
import dev.ferry.source.split.RdbFileSplit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class SplitQueueEnumeratorTest {
    private final FakeContext context = new FakeContext();
    private final RdbFileSplit a = RdbFileSplit.of(Path.of("/a.rdb"));
    private final RdbFileSplit b = RdbFileSplit.of(Path.of("/b.rdb"));

    @Test
    void assignsOneSplitPerRequestThenSignalsTheEnd() {
        SplitQueueEnumerator<RdbFileSplit> e = new SplitQueueEnumerator<>(context, List.of(a, b), "RDB file");
        context.register(0);
        context.register(1);
        e.handleSplitRequest(0, null);
        e.handleSplitRequest(1, null);
        assertThat(context.assigned).containsExactly(Map.entry(0, a), Map.entry(1, b));
        assertThat(e.snapshotState(1).remainingSplits()).isEmpty();

        e.handleSplitRequest(0, null);
        assertThat(context.noMoreSplits).containsExactly(0);
    }

    @Test
    void splitsGivenBackAreHandedOutAgainFirstWithTheirPosition() {
        SplitQueueEnumerator<RdbFileSplit> e = new SplitQueueEnumerator<>(context, List.of(a, b), "RDB file");
        context.register(0);
        e.handleSplitRequest(0, null);
        RdbFileSplit progressed = a.withPosition(new ResumePoint(500, 1, 99, 9));
        e.addSplitsBack(List.of(progressed), 0);
        assertThat(e.snapshotState(2).remainingSplits()).containsExactly(progressed, b);

        e.handleSplitRequest(0, null);
        assertThat(context.assigned).last().isEqualTo(Map.entry(0, progressed));
    }

    @Test
    void ignoresRequestsOfReadersThatAreGone() {
        SplitQueueEnumerator<RdbFileSplit> e = new SplitQueueEnumerator<>(context, List.of(a), "RDB file");
        e.handleSplitRequest(3, null);
        assertThat(context.assigned).isEmpty();
        assertThat(e.snapshotState(1).remainingSplits()).containsExactly(a);
    }

    @Test
    void restoresFromItsState() {
        PendingSplits<RdbFileSplit> state = new SplitQueueEnumerator<>(context, List.of(a, b), "RDB file").snapshotState(1);
        SplitQueueEnumerator<RdbFileSplit> restored = new SplitQueueEnumerator<>(context, state.remainingSplits(), "RDB file");
        context.register(0);
        restored.handleSplitRequest(0, "host");
        assertThat(context.assigned).containsExactly(Map.entry(0, a));
    }

    private static final class FakeContext implements SplitEnumeratorContext<RdbFileSplit> {
        final Map<Integer, ReaderInfo> readers = new HashMap<>();
        final List<Map.Entry<Integer, RdbFileSplit>> assigned = new ArrayList<>();
        final List<Integer> noMoreSplits = new ArrayList<>();

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
            return readers.size();
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return readers;
        }

        @Override
        public void assignSplits(SplitsAssignment<RdbFileSplit> assignment) {
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
}
