package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sink.RedisWriterOperator;
import dev.ferry.testing.JobGraphs;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.SourceWriter;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/**
 * The whole job with a {@code [scan_reader]} on a MiniCluster, a real 7.0 source and a real 7.0 target, under the
 * default {@code panic} policy (a conflict would fail the job): a scan stopped with a savepoint resumes at its db and
 * cursor; with {@code ksn} the writes made during and after the scan, and after a lost subscription, reach the target.
 */
class ScanSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final SourceAndTarget SERVERS = SourceAndTarget.filledWith(j -> {
        TestData.fillMixed(j, 1);
        TestData.fillStrings(j, 3_000, 32);
    });

    @Test
    void stopWithSavepointMidScanThenResumeContinuesFromTheCursor(@InjectClusterClient ClusterClient<?> client,
                                                                   @TempDir Path dir) throws Exception {
        // 10 keys per SCAN and 500 commands/s: about 240 keys/s, so the scan is far from done when it is stopped
        JobID first = client.submitJob(job(dir, "count = 10\nmax_qps = 500", null)).get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (SERVERS.targetKeys() < 300) {
            assertThat(System.nanoTime()).as("the first job never got going").isLessThan(deadline);
            Thread.sleep(50);
        }
        String savepoint = client.stopWithSavepoint(first, false, dir.resolve("sp").toUri().toString(),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        long written = SERVERS.targetKeys();
        assertThat(written).as("stopped mid-scan").isLessThan(SERVERS.sourceKeys());

        JobID second = client.submitJob(job(dir, "count = 100", savepoint)).get();
        JobResult result = client.requestJobResult(second).get(2, TimeUnit.MINUTES);

        assertThat(result.isSuccess()).as("resumed job: %s", result.getSerializedThrowable()).isTrue();
        Map<String, Object> acc = result.toJobExecutionResult(getClass().getClassLoader()).getAllAccumulatorResults();
        assertThat((Long) acc.get(RedisWriterOperator.ACC_RECEIVED)).as("the resumed job read only the rest")
                .isLessThan(SERVERS.sourceKeys());
        assertThat((Long) acc.get(RedisWriterOperator.ACC_REWRITTEN) + (Long) acc.get(RedisWriterOperator.ACC_SKIPPED)).isZero();
        SERVERS.assertTargetEqualsSource();
    }

    @Test
    void ksnFollowsWritesDuringAndAfterTheScanAndScansAgainAfterALostSubscription(
            @InjectClusterClient ClusterClient<?> client, @TempDir Path dir) throws Exception {
        try (Jedis s = SERVERS.source().jedis()) {
            s.configSet("notify-keyspace-events", "");
        }
        JobID job;
        try (SourceWriter writer = SourceWriter.start(SERVERS::source, 3)) {
            job = client.submitJob(job(dir, "count = 50\nksn = true\nksn_configure = true", null)).get();
            Thread.sleep(3_000);
            writer.stopAndJoin();
            assertThat(writer.ops()).isGreaterThan(100);
        }
        awaitTargetEqualsSource();
        try (Jedis s = SERVERS.source().jedis()) {
            assertThat(s.configGet("notify-keyspace-events")).containsValue("g$lshzxetK");
        }

        // notifications while the subscription is down are missed: Ferry subscribes again and scans again, so a key
        // written meanwhile arrives (one deleted meanwhile would stay on the target: see the README)
        try (Jedis s = SERVERS.source().jedis()) {
            assertThat(s.clientKill(ClientKillParams.clientKillParams().type(ClientType.PUBSUB))).isEqualTo(1);
            s.select(1);
            s.set("written-while-unsubscribed", "x");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (s.pubsubNumPat() == 0) {
                assertThat(System.nanoTime()).as("Ferry never subscribed again").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        try (SourceWriter writer = SourceWriter.start(SERVERS::source, 4)) {
            Thread.sleep(1_500);
            writer.stopAndJoin();
        }
        awaitTargetEqualsSource();
        client.cancel(job).get(1, TimeUnit.MINUTES);
    }

    private static void awaitTargetEqualsSource() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                SERVERS.assertTargetEqualsSource();
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(250);
            }
        }
    }

    private static StreamGraph job(Path dir, String readerKeys, String savepoint) {
        return JobGraphs.migration(LiveConfig.of("[scan_reader]\naddress = \"" + SERVERS.source().address() + "\"\n"
                + readerKeys + "\n", SERVERS.target().address(), dir, 1), savepoint);
    }
}
