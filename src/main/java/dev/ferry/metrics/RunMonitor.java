package dev.ferry.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the run's metrics once a second while the job runs: keeps the time series for the report, the latest
 * figures for the status endpoint, and shows the progress ({@link ProgressOutput}).
 */
public final class RunMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunMonitor.class);
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
    /** Rates (keys/s, ops) and the ETA are taken over this much of the recent past. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(5);

    /**
     * What the runner knows before the job starts.
     *
     * @param snapshotBytes the RDB files' total size, 0 for other sources
     * @param liveSplits    replica splits of a live source ({@code consistent} waits for all of them), 0 when bounded
     */
    public record Settings(long snapshotBytes, int liveSplits) {}

    /** One sample: the metrics now and at the start of the rate window, and the job's progress from them. */
    public record Sample(MetricsSnapshot now, MetricsSnapshot earlier, JobProgress progress) {}

    private final RunMetrics metrics;
    private final Settings settings;
    private final ProgressOutput output;
    private final Instant started = Instant.now();
    private final TimeSeries series = new TimeSeries();
    private final Deque<MetricsSnapshot> recent = new ArrayDeque<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-run-monitor");
        t.setDaemon(true);
        return t;
    });
    private volatile Sample latest;
    private boolean finished;
    private boolean succeeded;
    private boolean consistent;

    public RunMonitor(RunMetrics metrics, Settings settings, ProgressOutput output) {
        this.metrics = metrics;
        this.settings = settings;
        this.output = output;
        sample(true);
    }

    /** Samples every second from now on. */
    public void start() {
        long every = SAMPLE_EVERY.toMillis();
        timer.scheduleAtFixedRate(this::sampleSafely, every, every, TimeUnit.MILLISECONDS);
    }

    private void sampleSafely() {
        try {
            sample(true);
        } catch (RuntimeException e) {
            LOG.warn("sampling the run's metrics failed: {}", e.toString());
        }
    }

    /** @param show whether the output shows it now: not the last one, which {@link ProgressOutput#end} shows once */
    private synchronized void sample(boolean show) {
        long now = System.currentTimeMillis();
        MetricsSnapshot snapshot = metrics.snapshot(now);
        recent.addLast(snapshot);
        while (recent.size() > 1 && recent.peekFirst().atMillis() < now - RATE_WINDOW.toMillis()) {
            recent.removeFirst();
        }
        if (settings.liveSplits() == 0) {
            consistent = succeeded;
        } else if (!finished && !snapshot.splits().isEmpty()) {
            consistent = metrics.allCaughtUp(settings.liveSplits());
        } else if (finished) {
            // the splits' gauges are gone with the job: a live run that stopped cleanly stays as it was last seen
            consistent &= succeeded;
        } // else no split reports (the job is starting, or stopping): as it was last seen
        JobProgress progress = JobProgress.of(snapshot, recent.peekFirst(), settings.snapshotBytes(), finished, consistent);
        latest = new Sample(snapshot, recent.peekFirst(), progress);
        series.add(TimeSeries.Point.of(snapshot, progress));
        if (show) {
            output.show(progress, System.nanoTime());
        }
    }

    /**
     * The job has ended: a last sample, and the progress output closed.
     *
     * @param success whether it ended without a failure (a bounded source is then consistent)
     */
    public void finish(boolean success) {
        stopTimer();
        synchronized (this) {
            finished = true;
            succeeded = success;
            sample(false);
        }
        output.end(latest.progress());
    }

    public Sample latest() {
        return latest;
    }

    public Instant started() {
        return started;
    }

    public TimeSeries series() {
        return series;
    }

    private void stopTimer() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sampling; a run that ended without {@link #finish} (it failed to start) leaves the terminal on a fresh line. */
    @Override
    public void close() {
        timer.shutdownNow();
        boolean ended;
        synchronized (this) {
            ended = finished;
        }
        if (!ended) {
            output.end(latest.progress());
        }
    }
}
