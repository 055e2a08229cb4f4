package dev.ferry.source.reader;

import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbFormatException;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import dev.ferry.rdb.RdbType;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the RDB parser returns into events, the same way for a file and for a replica's snapshot: keys
 * become {@link KeyEvent}s with their DUMP payload, empty collections are dropped (Redis skips them on load,
 * see {@link EmptyCollections}), function libraries become {@code FUNCTION LOAD} commands.
 */
@Internal
final class SnapshotEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotEvents.class);

    private final RdbSourceMetrics metrics;

    SnapshotEvents(RdbSourceMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * The event for {@code record}, which {@code parser} just returned, or null when it yields none.
     *
     * @param where the snapshot, for the log
     */
    @Nullable
    RedisEvent of(RdbRecord record, RdbParser parser, String splitId, Object where) {
        if (record instanceof KeyRecord k) {
            byte[] payload = parser.captureDumpPayload();
            if (isEmpty(k, payload)) {
                metrics.emptyKeysSkipped.inc();
                LOG.info("{}: empty {} key '{}' in db {} skipped (Redis skips empty keys on load)",
                        where, RdbType.logicalName(k.type()), k.printableKey(), k.db());
                return null;
            }
            metrics.keyRead(k.type(), payload.length);
            return new KeyEvent(k.db(), k.key(), k.type(), payload, k.expireAtMs(), k.idle(), k.freq(), splitId, k.offset());
        }
        if (record instanceof RdbRecord.Function fn) {
            metrics.functionsRead.inc();
            return FunctionLoad.of(fn, splitId, parser.position());
        }
        return null;
    }

    /** Reading the value's header can find damage the parser's raw capture does not look at: say where. */
    private static boolean isEmpty(KeyRecord k, byte[] payload) {
        try {
            return EmptyCollections.isEmpty(k.type(), payload);
        } catch (RdbFormatException e) {
            throw e.locate(k.offset(), k.printableKey());
        }
    }
}
