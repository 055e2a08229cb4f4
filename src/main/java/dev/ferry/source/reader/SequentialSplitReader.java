package dev.ferry.source.reader;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/**
 * A split reader that works on one split at a time: splits wait in {@link #pending} in the order they were
 * assigned, and {@link #current} is the one being read (an open RDB file).
 *
 * @param <O> the open split; closing it releases what it holds
 */
@Internal
abstract class SequentialSplitReader<E, S extends SourceSplit, O extends AutoCloseable> implements SplitReader<E, S> {
    protected final Deque<S> pending = new ArrayDeque<>();
    protected O current;

    @Override
    public final void handleSplitsChanges(SplitsChange<S> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change.getClass().getSimpleName());
        }
        pending.addAll(change.splits());
    }

    @Override
    public final void close() {
        closeCurrent();
    }

    protected final void closeCurrent() {
        if (current != null) {
            O open = current;
            current = null;
            try {
                open.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + open + ": " + e.getMessage(), e);
            }
        }
    }
}
