package dev.ferry.testing;

import dev.ferry.config.FerryConfig;
import dev.ferry.job.JobRecovery;
import dev.ferry.job.MigrationJob;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/** The migration job as a graph to submit to a test's MiniCluster. */
public final class JobGraphs {
    private JobGraphs() {
    }

    /**
     * Without restarts: a failure fails the test.
     *
     * @param savepoint restore from this savepoint, or null for a fresh start
     */
    public static StreamGraph migration(FerryConfig cfg, @Nullable String savepoint) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return migration(cfg, conf, savepoint);
    }

    /**
     * As {@code ferry run} sets it up ({@link JobRecovery}): restarted from the last checkpoint after a failure,
     * checkpoints in {@code [flink] checkpoint_dir}, kept when the job is cancelled.
     *
     * @param restoreFrom a savepoint or retained checkpoint to start from, or null for a fresh start
     */
    public static StreamGraph recoverable(FerryConfig cfg, @Nullable String restoreFrom) {
        return migration(cfg, JobRecovery.settings(cfg.flink().checkpointDir()), restoreFrom);
    }

    /** The job with Flink settings of the test's own ({@code conf}: restarts, checkpoint storage and timeouts). */
    public static StreamGraph migration(FerryConfig cfg, Configuration conf, @Nullable String restoreFrom) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        MigrationJob.build(env, cfg, cfg.advanced().logInterval());
        StreamGraph graph = env.getStreamGraph();
        if (restoreFrom != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom, false));
        }
        return graph;
    }
}
