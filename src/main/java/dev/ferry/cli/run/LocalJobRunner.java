package dev.ferry.cli.run;

import dev.ferry.metrics.RunMetrics;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.metrics.MetricRegistryConfiguration;
import org.apache.flink.runtime.metrics.MetricRegistryImpl;
import org.apache.flink.runtime.metrics.ReporterSetup;
import org.apache.flink.runtime.metrics.filter.ReporterFilter;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job on an embedded MiniCluster in this JVM, with Flink's web UI on a free localhost port, and
 * turns Ctrl-C into stop-with-savepoint so the run can be resumed.
 *
 * <p>The MiniCluster's metric registry hands Ferry's metrics to a reporter of this runner ({@link RunMetrics}), for the
 * progress output, the status endpoint and the report. {@code --stop-when-consistent}: the readers publish per split
 * whether the target has acknowledged everything it received (a gauge); the runner samples them and, once the window
 * holds, stops the job with a savepoint. Not
 * the readers finishing their splits instead: a job whose splits have finished keeps nothing to resume from (a
 * restored job would have no split left to replicate), and a finished job's checkpoints are discarded.
 */
final class LocalJobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);
    private static final long SAMPLE_MILLIS = 200;

    /** Stop once {@code splits} replica splits have been consistent for {@code window}. */
    record StopWhenConsistent(int splits, Duration window) {}

    private final PrintStream out;
    private final RunMetrics metrics;

    LocalJobRunner(PrintStream out, RunMetrics metrics) {
        this.out = out;
        this.metrics = metrics;
    }

    JobResult run(StreamExecutionEnvironment env, int parallelism, Optional<Path> restoreFrom, Path savepointDir,
                  Optional<StopWhenConsistent> stopWhenConsistent) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        MiniClusterConfiguration mcc = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(Math.max(1, parallelism))
                .build();
        JobGraph graph = env.getStreamGraph().getJobGraph(Thread.currentThread().getContextClassLoader(), null);
        restoreFrom.ifPresent(p -> graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(p.toUri().toString(), false)));
        try (MiniCluster cluster = new ReportingMiniCluster(mcc, metrics)) {
            cluster.start();
            URI ui = cluster.getRestAddress().get();
            out.println("Flink web UI: " + ui);
            JobID id = cluster.submitJob(graph).get().getJobID();
            Thread onInterrupt = new Thread(() -> stopWithSavepoint(cluster, id, savepointDir), "ferry-stop-with-savepoint");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try {
                CompletableFuture<JobResult> result = cluster.requestJobResult(id);
                if (stopWhenConsistent.isPresent()) {
                    watch(stopWhenConsistent.get(), result, () -> stopWithSavepoint(cluster, id, savepointDir));
                }
                return result.get();
            } finally {
                removeHook(onInterrupt);
            }
        }
    }

    /** Samples the splits until the job ends or the window holds; then stops it (again later if that failed). */
    private void watch(StopWhenConsistent stop, CompletableFuture<JobResult> result, BooleanSupplier stopJob) throws Exception {
        ConsistencyWindow window = new ConsistencyWindow(stop.window());
        while (true) {
            try {
                result.get(SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException running) {
                if (window.observe(System.nanoTime(), metrics.allCaughtUp(stop.splits()))) {
                    out.printf("Consistent: the target has acknowledged everything the source sent (%d split%s), "
                            + "and stayed so for %d ms%n", stop.splits(), stop.splits() == 1 ? "" : "s",
                            stop.window().toMillis());
                    if (stopJob.getAsBoolean()) {
                        return;
                    }
                    window.reset();
                }
            }
        }
    }

    private boolean stopWithSavepoint(MiniCluster cluster, JobID id, Path savepointDir) {
        out.println("Stopping: taking a savepoint so the run can continue with --resume ...");
        try {
            String path = cluster.stopWithSavepoint(id, savepointDir.toUri().toString(), false, SavepointFormatType.CANONICAL)
                    .get(120, TimeUnit.SECONDS);
            out.println("Stopped with savepoint " + path + "; continue with: ferry run -c <config> --resume");
            return true;
        } catch (Exception e) {
            LOG.warn("stop with savepoint failed: {}; --resume will use the newest retained checkpoint", e.toString());
            return false;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: the JVM is on its way out
        }
    }

    /**
     * A MiniCluster whose metric registry reports to {@code reporter} only: the embedded runner takes no Flink
     * configuration, so there are no configured reporters to keep.
     */
    private static final class ReportingMiniCluster extends MiniCluster {
        private final RunMetrics reporter;

        ReportingMiniCluster(MiniClusterConfiguration conf, RunMetrics reporter) {
            super(conf);
            this.reporter = reporter;
        }

        @Override
        protected MetricRegistryImpl createMetricRegistry(Configuration config, long maximumMessageSizeInBytes) {
            return new MetricRegistryImpl(MetricRegistryConfiguration.fromConfiguration(config, maximumMessageSizeInBytes),
                    List.of(new ReporterSetup("ferry-run", new MetricConfig(), reporter,
                            ReporterFilter.getNoOpFilter(), Map.of())));
        }
    }
}
