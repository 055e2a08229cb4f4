package dev.ferry.testing;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.job.MigrationJob;
import java.nio.file.Path;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/** The migration job of a config, for a test's MiniCluster: no restarts, so a failure ends the job at once. */
public final class MigrationGraph {
    private MigrationGraph() {}

    /**
     * The job of a live source into a standalone target, checkpointing every 300 ms.
     *
     * @param reader the reader's section as TOML, header included
     */
    public static StreamGraph of(String reader, String targetAddress, Path dir, @Nullable String savepoint) {
        return of(ConfigLoader.parse(reader + """

                [redis_writer]
                address = "%s"
                [advanced]
                dir = "%s"
                [flink]
                checkpoint_interval = "300ms"
                """.formatted(targetAddress, dir), "test.toml", List.of()), savepoint);
    }

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
