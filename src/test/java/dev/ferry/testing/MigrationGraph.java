package dev.ferry.testing;

import dev.ferry.config.FerryConfig;
import dev.ferry.job.MigrationJob;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/** The migration job of a config, for a test's MiniCluster: no restarts, so a failure ends the job at once. */
public final class MigrationGraph {
    private MigrationGraph() {}

    /** @param savepoint where to restore from, or null to start fresh */
    public static StreamGraph of(FerryConfig cfg, @Nullable String savepoint) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        MigrationJob.build(env, cfg);
        StreamGraph graph = env.getStreamGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        return graph;
    }
}
