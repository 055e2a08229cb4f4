package dev.ferry.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A split reader that works on one split at a time: splits wait in {@link #pending} in the order they were
 * assigned, and {@link #current} is the one being read (an open RDB file).
 *
 * @param <O> the open split; closing it releases what it holds
 */
@Internal
abstract class SequentialSplitReader<E, S extends SourceSplit, O extends AutoCloseable> extends QueuedSplitReader<E, S> {
    protected O current;

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
