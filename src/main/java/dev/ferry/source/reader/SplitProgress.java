package dev.ferry.source.reader;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.Internal;

/**
 * One replica split's progress, for its periodic log line and its gauges: the fetcher thread that drives the split
 * writes it, metric reporters (and the {@code --stop-when-consistent} runner) read it from their own threads.
 */
@Internal
final class SplitProgress {
    enum Phase {
        SNAPSHOT, STREAMING, RECONNECTING;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String splitId;
    private final long logIntervalNanos;

    private volatile Phase phase = Phase.SNAPSHOT;
    private volatile long snapshotParsed;
    private volatile long snapshotLength = -1;
    private volatile long lagBytes;
    private volatile long lagMs;
    private volatile long spoolBytes;
    private volatile boolean caughtUp;

    /** Fetcher thread only. */
    private long events;
    private long eventsAtLastLine;
    private long lastLine;

    /** @param logIntervalSeconds seconds between log lines, 0 for none ({@code [advanced] log_interval}) */
    SplitProgress(String splitId, int logIntervalSeconds, long nowNanos) {
        this.splitId = splitId;
        this.logIntervalNanos = TimeUnit.SECONDS.toNanos(logIntervalSeconds);
        this.lastLine = nowNanos;
    }

    void emitted() {
        events++;
    }

    /** @param length the snapshot's size in bytes, -1 while unknown (a diskless transfer that has not ended) */
    void snapshot(long parsed, long length, long lag, long spool) {
        this.snapshotParsed = parsed;
        this.snapshotLength = length;
        update(Phase.SNAPSHOT, lag, spool, false);
    }

    void update(Phase phase, long lag, long spool, boolean caughtUp) {
        this.phase = phase;
        this.lagBytes = lag;
        this.spoolBytes = spool;
        this.caughtUp = caughtUp;
    }

    /** The age of the oldest byte received and not yet acknowledged by the target; 0 when caught up. */
    void lagMs(long ms) {
        this.lagMs = ms;
    }

    String phase() {
        return phase.label();
    }

    long snapshotBytesParsed() {
        return snapshotParsed;
    }

    /** The snapshot's size; once past it, what was parsed (0 for a replication that continued without one). */
    long snapshotBytesTotal() {
        return phase == Phase.SNAPSHOT ? snapshotLength : Math.max(snapshotParsed, snapshotLength);
    }

    long lagMs() {
        return lagMs;
    }

    /** Percent of the snapshot parsed; -1 while its size is unknown (diskless), 100 once streaming. */
    double snapshotPercent() {
        if (phase != Phase.SNAPSHOT) {
            return 100;
        }
        long length = snapshotLength;
        return length < 0 ? -1 : length == 0 ? 100 : Math.min(100, 100.0 * snapshotParsed / length);
    }

    long lagBytes() {
        return lagBytes;
    }

    long spoolBytes() {
        return spoolBytes;
    }

    /**
     * Everything the split received has been parsed, and the newest completed checkpoint covers the last command
     * among it: the target has acknowledged all of it.
     */
    boolean caughtUp() {
        return caughtUp;
    }

    /** The progress line when {@code log_interval} has passed since the last one, else null. */
    String lineIfDue(long nowNanos) {
        long elapsed = nowNanos - lastLine;
        if (logIntervalNanos == 0 || elapsed < logIntervalNanos) {
            return null;
        }
        double opsPerSecond = (events - eventsAtLastLine) * 1e9 / elapsed;
        lastLine = nowNanos;
        eventsAtLastLine = events;
        return line(opsPerSecond);
    }

    String line(double opsPerSecond) {
        StringBuilder b = new StringBuilder("replica split ").append(splitId).append(": ").append(phase());
        if (phase == Phase.SNAPSHOT) {
            long length = snapshotLength;
            if (length < 0) {
                b.append(String.format(" %,d bytes parsed (diskless: size unknown until received)", snapshotParsed));
            } else {
                b.append(String.format(" %.1f%% (%,d of %,d bytes parsed)", snapshotPercent(), snapshotParsed, length));
            }
        }
        return b.append(String.format(", lag %,d bytes, %,.0f ops/s, spool %,d bytes on disk%s", lagBytes,
                opsPerSecond, spoolBytes, caughtUp ? ", caught up" : "")).toString();
    }
}
