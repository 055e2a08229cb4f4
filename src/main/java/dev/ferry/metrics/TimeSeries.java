package dev.ferry.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's figures over time, for the report: one point per sample while there are few, then every other one is
 * dropped and samples are kept at half the rate, so a run of days holds at most {@link #MAX_POINTS} points.
 */
public final class TimeSeries {
    static final int MAX_POINTS = 2_000;

    /**
     * Cumulative counts, and the gauges as they were, at {@code atMillis}.
     *
     * @param percent of the snapshot read, -1 while unknown
     */
    public record Point(long atMillis, long keysRead, long commandsRead, long keysWritten, long commandsWritten,
                        long conflicts, long lagBytes, long lagMs, double percent) {

        static Point of(MetricsSnapshot s, JobProgress p) {
            return new Point(s.atMillis(), s.total(FerryMetric.KEYS_READ), s.total(FerryMetric.COMMANDS_READ),
                    p.keysWritten(), p.commandsWritten(), p.conflicts(), p.lagBytes(), p.lagMs(), p.percent());
        }
    }

    private final List<Point> points = new ArrayList<>();
    private int stride = 1;
    private long offered;
    /** The newest point offered, kept or not: the report ends where the run ended. */
    private Point newest;

    /** Keeps {@code p} when it falls on the current stride. */
    public synchronized void add(Point p) {
        newest = p;
        if (offered++ % stride == 0) {
            points.add(p);
            if (points.size() > MAX_POINTS) {
                for (int i = points.size() - 1; i > 0; i -= 2) {
                    points.remove(i);
                }
                stride *= 2;
            }
        }
    }

    /** The points kept, oldest first, and the newest one offered. */
    public synchronized List<Point> points() {
        List<Point> all = new ArrayList<>(points);
        if (newest != null && (all.isEmpty() || all.get(all.size() - 1) != newest)) {
            all.add(newest);
        }
        return all;
    }
}
