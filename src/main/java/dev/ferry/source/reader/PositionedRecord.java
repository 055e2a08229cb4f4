package dev.ferry.source.reader;

import dev.ferry.event.RedisEvent;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * What a split reader hands to the emitter: an event, and the split's position once it is emitted.
 *
 * @param <P> the split's position
 */
@Internal
public interface PositionedRecord<P> {

    /** The event to emit, or null for a mark that only moves the position. */
    @Nullable
    RedisEvent event();

    /** The split's position after this record, or null when it does not move. */
    @Nullable
    P after();
}
