package dev.ferry.source.reader;

import dev.ferry.event.RedisEvent;
import dev.ferry.rdb.ResumePoint;
import org.apache.flink.annotation.Internal;

/**
 * What {@link RdbFileSplitReader} hands to the emitter: an event ready to emit, and where a
 * reader restored after emitting it must continue (the record after it, with the running CRC).
 */
@Internal
public record EventWithResumePoint(RedisEvent event, ResumePoint after) implements PositionedRecord<ResumePoint> {}
