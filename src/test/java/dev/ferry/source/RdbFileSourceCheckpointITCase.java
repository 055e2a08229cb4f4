package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.event.RedisEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Stop a job with a savepoint in the middle of a file, restore it, and check that every key came out exactly once. */
class RdbFileSourceCheckpointITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    /** What the jobs' map saw, across both runs (the MiniCluster runs in this JVM and class loader). */
    private static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();

    /** Records every key; when throttled, sleeps a little so the job is still mid-file when stopped. */
    private static final class Record implements MapFunction<RedisEvent, RedisEvent> {
        private final boolean throttle;
        private long n;

        Record(boolean throttle) {
            this.throttle = throttle;
        }

        @Override
        public RedisEvent map(RedisEvent e) throws Exception {
            SEEN.add(RdbCorpus.Entry.id(e.db(), e.routingKey()));
            if (throttle && ++n % 10 == 0) {
                Thread.sleep(1);
            }
            return e;
        }
    }

    private static StreamGraph job(Path file, boolean throttle) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(500);
        env.fromSource(RdbFileSource.builder().addFile(file).build(), WatermarkStrategy.noWatermarks(), "rdb")
                .uid("rdb-source")
                .map(new Record(throttle))
                .uid("record")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        return env.getStreamGraph();
    }

    @Test
    void stopWithSavepointMidFileThenRestoreGivesEveryKeyOnce(@InjectClusterClient ClusterClient<?> client, @TempDir Path dir)
            throws Exception {
        Path file = RdbCorpus.file("redis-replicator/dumpV8.rdb");
        List<String> expected = new ArrayList<>(RdbCorpus.parse(file).stream().map(RdbCorpus.Entry::id).toList());
        SEEN.clear();

        JobID first = client.submitJob(job(file, true)).get();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (SEEN.size() < 3_000) {
            assertThat(System.nanoTime()).as("first job never got going").isLessThan(deadline);
            Thread.sleep(20);
        }
        String savepoint = client.stopWithSavepoint(first, false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        JobResult firstResult = client.requestJobResult(first).get(2, TimeUnit.MINUTES);
        assertThat(firstResult.isSuccess()).as("first job: %s", firstResult.getSerializedThrowable()).isTrue();
        int firstRun = SEEN.size();
        assertThat(firstRun).as("stopped mid-file").isBetween(3_000, expected.size() - 1);

        StreamGraph second = job(file, false);
        second.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        JobID secondId = client.submitJob(second).get();
        JobResult secondResult = client.requestJobResult(secondId).get(5, TimeUnit.MINUTES);
        assertThat(secondResult.isSuccess()).as("second job: %s", secondResult.getSerializedThrowable()).isTrue();
        assertThat(client.getJobStatus(secondId).get()).isEqualTo(JobStatus.FINISHED);

        List<String> seen = new ArrayList<>(SEEN);
        assertThat(new HashSet<>(seen)).as("no key twice").hasSameSizeAs(seen);
        seen.sort(null);
        expected.sort(null);
        assertThat(seen).isEqualTo(expected);
        assertThat(seen.size() - firstRun).as("the second run read the rest").isPositive();
    }
}
