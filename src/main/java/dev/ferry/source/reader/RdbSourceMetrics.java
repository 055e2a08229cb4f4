package dev.ferry.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counters of one source reader, registered once on its metric group and shared by the split readers it
 * creates (Flink may create a new split reader when the fetcher idles and is restarted).
 */
@Internal
public final class RdbSourceMetrics {
    /** Keys emitted (empty collections excluded). */
    final Counter keysRead;
    /** DUMP payload bytes of the keys emitted. */
    final Counter bytesRead;
    /** Empty lists/sets/zsets/hashes that Redis would skip on load, and RESTORE would reject. */
    final Counter emptyKeysSkipped;
    /** Function libraries emitted as FUNCTION LOAD. */
    final Counter functionsRead;

    public RdbSourceMetrics(MetricGroup group) {
        this.keysRead = group.counter("keysRead");
        this.bytesRead = group.counter("bytesRead");
        this.emptyKeysSkipped = group.counter("emptyKeysSkipped");
        this.functionsRead = group.counter("functionsRead");
    }

    public long keysRead() {
        return keysRead.getCount();
    }

    public long bytesRead() {
        return bytesRead.getCount();
    }

    public long emptyKeysSkipped() {
        return emptyKeysSkipped.getCount();
    }

    public long functionsRead() {
        return functionsRead.getCount();
    }
}
