package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.config.FerryConfig;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.LocalSentinel;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.sink.TargetTopologyException;
import dev.ferry.testing.JobGraphs;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.RedisSentinelExtension;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.SourceWriter;
import dev.ferry.testing.TestData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A source found through Sentinel (1 master, 1 replica, 3 Sentinels, Redis 7.0) into a standalone target, with
 * {@code prefer_replica}: Ferry replicates from the replica, follows a {@code SENTINEL FAILOVER} made during the
 * streaming phase without a second full sync, and the target ends equal to the source.
 */
class SentinelSourceITCase {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setConfiguration(METRICS.addToConfiguration(new Configuration()))
                    .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final RedisSentinelExtension SENTINEL = RedisSentinelExtension.redis70();

    @RegisterExtension
    static final RedisServerExtension TARGET = RedisServerExtension.redis70();

    @Test
    void followsAFailoverFromTheReplicaWithoutASecondFullSync(@InjectClusterClient ClusterClient<?> client,
                                                             @TempDir Path dir) throws Exception {
        LocalSentinel s = SENTINEL.sentinel();
        LocalRedisServer replica = s.replicas().get(0);
        try (Jedis j = s.currentMaster().jedis(60_000)) {
            TestData.fillMixed(j, 1);
        }
        try (SourceWriter writer = SourceWriter.start(s::currentMaster, 3)) {
            JobID job = client.submitJob(job(dir)).get();
            awaitFerryOnline(s, replica);
            ReplicaProgress.awaitAcked(replica, false); // streaming from the replica
            writer.awaitMoreOps(200); // with the writer going

            writer.pause(); // what a demoted master accepts is lost on the source
            LocalRedisServer promoted = s.failover();
            assertThat(promoted).isSameAs(replica);
            writer.resume();
            awaitPositive(job, "partialSyncs"); // Ferry continued from the promoted replica
            writer.awaitMoreOps(200);
            writer.stopAndJoin();
            assertThat(writer.ops()).isGreaterThan(100);

            // the premise: the failover lost none of the application's writes on the source (the writer paused)
            assertCountersAsIncremented(s.currentMaster(), writer.incremented());
            awaitTargetEquals(s.currentMaster(), 60);
            assertThat(count(job, "fullSyncs")).as("full syncs: the first one only").isEqualTo(1);
            assertThat(count(job, "partialSyncs")).as("reconnects that continued (+CONTINUE)").isPositive();
            client.cancel(job).get(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void anUnreachableSentinelIsOneClearError() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        FerryConfig cfg = config(Path.of("unused"), "127.0.0.1:" + port, SENTINEL.sentinel().masterName());
        assertThatThrownBy(() -> SyncSource.of(cfg.syncReader(), Path.of("unused"), 0))
                .isInstanceOf(RedisConnectException.class)
                .hasMessageStartingWith("no sentinel at 127.0.0.1:" + port + " names a reachable master '"
                        + SENTINEL.sentinel().masterName() + "': cannot connect to [sync_reader.sentinel] at 127.0.0.1:"
                        + port)
                .hasMessageContaining("check the address and that the server is running");
    }

    @Test
    void anUnknownMasterNameIsOneClearError() {
        String sentinel = SENTINEL.sentinel().sentinelAddresses().get(0);
        FerryConfig cfg = config(Path.of("unused"), sentinel, "no-such-master");
        assertThatThrownBy(() -> SyncSource.of(cfg.syncReader(), Path.of("unused"), 0))
                .isInstanceOf(TargetTopologyException.class)
                .hasMessage("no sentinel at " + sentinel + " knows master 'no-such-master': check the master name in "
                        + "[sync_reader.sentinel]");
    }

    private static FerryConfig config(Path dir, String sentinel, String masterName) {
        return LiveConfig.of("""
                [sync_reader]
                prefer_replica = true
                [sync_reader.sentinel]
                master_name = "%s"
                address = "%s"
                """.formatted(masterName, sentinel), TARGET.server().address(), dir, 1);
    }

    private static org.apache.flink.streaming.api.graph.StreamGraph job(Path dir) {
        LocalSentinel s = SENTINEL.sentinel();
        return JobGraphs.migration(config(dir, s.sentinelAddresses().get(0), s.masterName()), null);
    }

    /** Until {@code node} lists Ferry (a replica that is not one of the data nodes) as online. */
    private static void awaitFerryOnline(LocalSentinel s, LocalRedisServer node) throws InterruptedException {
        Set<String> dataPorts = s.dataNodes().stream().map(n -> "port=" + n.port() + ",").collect(Collectors.toSet());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Jedis j = node.jedis()) {
                boolean online = j.info("replication").lines()
                        .filter(l -> l.matches("slave\\d+:.*") && dataPorts.stream().noneMatch(l::contains))
                        .anyMatch(l -> l.contains("state=online"));
                if (online) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("Ferry never became an online replica of " + node).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Every counter the writer incremented holds, on {@code server}, exactly how often it was incremented. */
    private static void assertCountersAsIncremented(LocalRedisServer server, Map<String, Long> incremented) {
        List<String> off = new ArrayList<>();
        try (Jedis j = server.jedis()) {
            incremented.forEach((dbKey, times) -> {
                int slash = dbKey.indexOf('/');
                j.select(Integer.parseInt(dbKey.substring(0, slash)));
                String value = j.get(dbKey.substring(slash + 1));
                if (!Long.toString(times).equals(value)) {
                    off.add(dbKey + ": " + value + " after " + times + " INCRs");
                }
            });
        }
        assertThat(off).as("counters on the source after the failover").isEmpty();
    }

    /** Until the target holds exactly the source's keys, values and TTLs (the last difference is the failure). */
    private static void awaitTargetEquals(LocalRedisServer source, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                SourceAndTarget.assertEqual(source, TARGET.server());
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(300);
        }
    }

    private static void awaitPositive(JobID job, String metric) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(job, metric) == 0) {
            assertThat(System.nanoTime()).as("%s of job %s positive within 60 s", metric, job).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static long count(JobID job, String metric) {
        return METRICS.findMetrics(job, metric).values().stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }
}
