package dev.ferry.source.reader;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.Internal;

/**
 * When a spool's bytes arrived, coarsely: marks of (end of the spool, time) taken as the feed polls, at most one per
 * {@link #RESOLUTION_NANOS}, so the age of the oldest byte the target has not acknowledged, the lag in ms, can be
 * told. The bytes before a mark arrived by its time: the age is exact to about the resolution and the poll interval.
 */
@Internal
final class ArrivalMarks {
    static final long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Past this many marks (minutes of unacknowledged data), every other one after the first is dropped. */
    static final int MAX_MARKS = 8_192;

    private record Mark(long position, long nanos) {}

    private final ArrayDeque<Mark> marks = new ArrayDeque<>();

    /** The spool ends at {@code end} at {@code nowNanos}. */
    void mark(long end, long nowNanos) {
        Mark last = marks.peekLast();
        if (last != null && (end <= last.position() || nowNanos - last.nanos() < RESOLUTION_NANOS)) {
            return;
        }
        marks.addLast(new Mark(end, nowNanos));
        if (marks.size() > MAX_MARKS) {
            thin();
        }
    }

    private void thin() {
        ArrayDeque<Mark> kept = new ArrayDeque<>(marks.size() / 2 + 1);
        int i = 0;
        for (Mark m : marks) {
            if (i++ % 2 == 0 || m == marks.peekLast()) {
                kept.addLast(m);
            }
        }
        marks.clear();
        marks.addAll(kept);
    }

    /**
     * Milliseconds since the first byte after {@code acknowledged} arrived; 0 when the spool holds nothing after it.
     * Marks at or before {@code acknowledged} are forgotten.
     */
    long ageMillis(long acknowledged, long end, long nowNanos) {
        while (!marks.isEmpty() && marks.peekFirst().position() <= acknowledged) {
            marks.removeFirst();
        }
        if (end <= acknowledged || marks.isEmpty()) {
            return 0;
        }
        return TimeUnit.NANOSECONDS.toMillis(Math.max(0, nowNanos - marks.peekFirst().nanos()));
    }
}
