package dev.ferry.source.reader;

import dev.ferry.event.RedisEvent;
import dev.ferry.source.split.ScanPosition;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * What the scan split reader hands to the emitter: an event, and, when it ends a SCAN batch, the split's position
 * after it. Keys inside a batch leave the position where the batch started, so a checkpoint taken among them makes a
 * restored job scan the batch again (the keys already written are then found identical on the target). The event is
 * null for a mark that only moves the position (a batch whose keys were all gone, the start of another db).
 */
@Internal
public record ScanRecord(@Nullable RedisEvent event, @Nullable ScanPosition after) implements PositionedRecord<ScanPosition> {}
