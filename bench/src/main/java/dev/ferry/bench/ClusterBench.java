package dev.ferry.bench;

import dev.ferry.local.LocalRedisCluster;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cached 1M-key RDB into a fresh 3-master Redis 7.0.15 cluster (no replicas) with {@code bin/ferry run} at
 * {@code [flink] parallelism} 1 and 2, and the ceiling: the same RESTOREs piped by {@code redis-cli --pipe} into one
 * standalone node.
 *
 * <pre>ClusterBench DIR FERRY_HOME [rounds] [ferry java opts]</pre>
 */
public final class ClusterBench {
    public static void main(String[] args) throws Exception {
        E2eArgs a = E2eArgs.parse(args);

        List<String> rows = new ArrayList<>();
        for (int round = 1; round <= a.rounds(); round++) {
            for (int parallelism : new int[] {1, 2}) {
                Path work = a.dir().resolve("cluster-ferry-p" + parallelism);
                E2eBench.deleteRecursively(work);
                try (LocalRedisCluster cluster = LocalRedisCluster.start(RedisBinary.redis70(), 3, 0)) {
                    FerryRun run = FerryRun.of(a.ferryHome(), work, """
                            [rdb_reader]
                            filepath = "%s"
                            [redis_writer]
                            cluster = true
                            address = "%s"
                            [advanced]
                            dir = "%s"
                            [flink]
                            parallelism = %d
                            """.formatted(a.rdb(), cluster.seedAddress(), work.resolve("ferry-data"), parallelism), a.javaOpts());
                    long n = cluster.masters().stream().mapToLong(E2eBench::dbSize).sum();
                    System.out.printf("round %d cluster p%d: job ran %.1f s, %,.0f keys/s (Ferry's summary), steady state "
                            + "%,.0f keys/s; wall %.1f s; cluster has %,d keys%n", round, parallelism, run.jobSecs(),
                            run.keysPerSec(), run.steadyKeysPerSec(), run.wallSecs(), n);
                    rows.add(String.format("RESULT | bin/ferry run, cluster of 3 masters, parallelism %d | round %d | job %.1f s | "
                            + "%,.0f keys/s | steady %,.0f keys/s | wall %.1f s | %,d keys |", parallelism, round, run.jobSecs(),
                            run.keysPerSec(), run.steadyKeysPerSec(), run.wallSecs(), n));
                }
            }
            Path work = a.dir().resolve("cluster-pipe");
            E2eBench.deleteRecursively(work);
            try (LocalRedisServer node = LocalRedisServer.start(RedisBinary.redis70(), work, E2eBench.TARGET_ARGS)) {
                double wall = E2eBench.pipe(node, a.resp(), work.resolve("pipe.out"));
                long n = E2eBench.dbSize(node);
                System.out.printf("round %d redis-cli --pipe into one node: %.1f s, %,.0f keys/s%n", round, wall, n / wall);
                rows.add(String.format("RESULT | redis-cli --pipe into one node | round %d | %.1f s | %,.0f keys/s | %,d keys |",
                        round, wall, n / wall, n));
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }
}
