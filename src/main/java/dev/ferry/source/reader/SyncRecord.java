package dev.ferry.source.reader;

import dev.ferry.event.RedisEvent;
import dev.ferry.source.split.SyncPosition;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * What the replica split reader hands to the emitter: an event, and the split's position once it is emitted.
 * The event is null for a pure progress mark (bytes the stream consumed without a command: PINGs, SELECTs, the
 * end of the snapshot), so the checkpointed offset, and with it the ACK, reaches the master's offset when idle.
 */
@Internal
public record SyncRecord(@Nullable RedisEvent event, SyncPosition after) implements PositionedRecord<SyncPosition> {}
