package dev.ferry.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.rdb.ResumePoint;
import dev.ferry.source.split.RdbFileSplit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitQueueEnumeratorTest {
    private final FakeEnumeratorContext<RdbFileSplit> context = new FakeEnumeratorContext<>();
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
}
