package dev.ferry.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.source.split.SyncPosition;
import dev.ferry.source.split.SyncSplit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpreadSplitEnumeratorTest {
    private final FakeEnumeratorContext<SyncSplit> context = new FakeEnumeratorContext<>(2);
    private final SyncSplit a = SyncSplit.of("a:1");
    private final SyncSplit b = SyncSplit.of("b:2");
    private final SyncSplit c = SyncSplit.of("c:3");

    @Test
    void spreadsRoundRobinOnceEveryReaderHasRegistered() {
        SpreadSplitEnumerator<SyncSplit> e = new SpreadSplitEnumerator<>(context, List.of(a, b, c), "replica");
        context.register(1);
        e.addReader(1);
        assertThat(context.assigned).as("the first reader does not take every split").isEmpty();

        context.register(0);
        e.addReader(0);
        assertThat(context.assigned).containsExactly(Map.entry(0, a), Map.entry(1, b), Map.entry(0, c));
        assertThat(context.noMoreSplits).containsExactlyInAnyOrder(0, 1);
        assertThat(e.snapshotState(1).remainingSplits()).isEmpty();
    }

    @Test
    void splitsGivenBackReturnToTheirReaderWithTheirPosition() {
        SpreadSplitEnumerator<SyncSplit> e = new SpreadSplitEnumerator<>(context, List.of(a, b), "replica");
        context.register(0);
        e.addReader(0);
        context.register(1);
        e.addReader(1);
        SyncSplit progressed = b.withPosition(SyncPosition.streaming("id", 99, 2));
        e.addSplitsBack(List.of(progressed), 1);
        assertThat(e.snapshotState(2).remainingSplits()).containsExactly(progressed);

        e.addReader(1);
        assertThat(context.assigned).last().isEqualTo(Map.entry(1, progressed));
        assertThat(context.noMoreSplits).containsExactly(0, 1, 1);
    }

    @Test
    void readersAskingForMoreGetNothing() {
        SpreadSplitEnumerator<SyncSplit> e = new SpreadSplitEnumerator<>(context, List.of(a), "replica");
        context.register(0);
        e.handleSplitRequest(0, null);
        assertThat(context.assigned).isEmpty();
        assertThat(e.snapshotState(1).remainingSplits()).containsExactly(a);
    }
}
