package dev.ferry.cli.run;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job on an embedded MiniCluster in this JVM, with Flink's web UI on a free localhost port, and
 * turns Ctrl-C into stop-with-savepoint so the run can be resumed.
 */
final class LocalJobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRunner.class);

    private final PrintStream out;

    LocalJobRunner(PrintStream out) {
        this.out = out;
    }

    JobResult run(StreamExecutionEnvironment env, int parallelism, Optional<Path> restoreFrom, Path savepointDir) throws Exception {
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
        try (MiniCluster cluster = new MiniCluster(mcc)) {
            cluster.start();
            URI ui = cluster.getRestAddress().get();
            out.println("Flink web UI: " + ui);
            JobID id = cluster.submitJob(graph).get().getJobID();
            Thread onInterrupt = new Thread(() -> stopWithSavepoint(cluster, id, savepointDir), "ferry-stop-with-savepoint");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try {
                return cluster.requestJobResult(id).get();
            } finally {
                removeHook(onInterrupt);
            }
        }
    }

    private void stopWithSavepoint(MiniCluster cluster, JobID id, Path savepointDir) {
        out.println("Stopping: taking a savepoint so the run can continue with --resume ...");
        try {
            String path = cluster.stopWithSavepoint(id, savepointDir.toUri().toString(), false, SavepointFormatType.CANONICAL)
                    .get(120, TimeUnit.SECONDS);
            out.println("Stopped with savepoint " + path + "; continue with: ferry run -c <config> --resume");
        } catch (Exception e) {
            LOG.warn("stop with savepoint failed: {}; --resume will use the newest retained checkpoint", e.toString());
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: the JVM is on its way out
        }
    }
}
