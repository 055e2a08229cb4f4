package dev.ferry.source.reader;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/**
 * A split reader whose assigned splits wait in {@link #pending}, in the order they came, until its fetch opens them.
 * Ferry's enumerators only ever add splits, so any other change is refused.
 */
@Internal
abstract class QueuedSplitReader<E, S extends SourceSplit> implements SplitReader<E, S> {
    protected final Deque<S> pending = new ArrayDeque<>();

    @Override
    public final void handleSplitsChanges(SplitsChange<S> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change.getClass().getSimpleName());
        }
        pending.addAll(change.splits());
    }
}
