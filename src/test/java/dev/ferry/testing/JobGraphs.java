package dev.ferry.testing;

import dev.ferry.config.FerryConfig;
import dev.ferry.job.MigrationJob;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/** The migration job as a graph to submit to a test's MiniCluster; without restarts unless the test says: a failure fails the test. */
public final class JobGraphs {
    private JobGraphs() {
    }

    /** @param savepoint restore from this savepoint, or null for a fresh start */
    public static StreamGraph migration(FerryConfig cfg, @Nullable String savepoint) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return migration(cfg, conf, savepoint);
    }

    /** The job with Flink settings of the test's own ({@code conf}: restarts, checkpoint storage and timeouts). */
    public static StreamGraph migration(FerryConfig cfg, Configuration conf, @Nullable String savepoint) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        MigrationJob.build(env, cfg);
        StreamGraph graph = env.getStreamGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        return graph;
    }
}
