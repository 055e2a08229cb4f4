package dev.ferry.source.reader;

import dev.ferry.metrics.FerryMetric;
import dev.ferry.rdb.RdbType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final MetricGroup group;
    /** Keys read per type ({@code string}, {@code hash}...), in group {@code type=<name>}. */
    private final Map<String, Counter> keysByType = new ConcurrentHashMap<>();

    public RdbSourceMetrics(MetricGroup group) {
        this.group = group;
        this.keysRead = group.counter(FerryMetric.KEYS_READ.flinkName());
        this.bytesRead = group.counter(FerryMetric.BYTES_READ.flinkName());
        this.emptyKeysSkipped = group.counter(FerryMetric.EMPTY_KEYS_SKIPPED.flinkName());
        this.functionsRead = group.counter(FerryMetric.FUNCTIONS_READ.flinkName());
    }

    /** A key emitted: counted, with its payload's bytes, and per type. */
    void keyRead(int rdbType, int payloadBytes) {
        keysRead.inc();
        bytesRead.inc(payloadBytes);
        String type = RdbType.logicalName(rdbType);
        Counter byType = keysByType.get(type);
        if (byType == null) {
            byType = keysByType.computeIfAbsent(type,
                    t -> group.addGroup(FerryMetric.Label.TYPE.key(), t).counter(FerryMetric.KEYS_READ_BY_TYPE.flinkName()));
        }
        byType.inc();
    }

    /** The metric group of one split ({@code split=<id>}). */
    MetricGroup split(String splitId) {
        return group.addGroup(FerryMetric.Label.SPLIT.key(), splitId);
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
