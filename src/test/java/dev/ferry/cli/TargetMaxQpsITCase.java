package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code [advanced] target_redis_max_qps}: the target sees the configured rate of writes, shared by the writer
 * subtasks, though the writers could go many times faster. The rate is measured on the target, from its key count,
 * between a quarter and three quarters of the keys: past the token bucket's first second, while both writers are busy.
 */
class TargetMaxQpsITCase {
    private static final int KEYS = 14_000;
    private static final long QPS = 2_000;

    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> TestData.fillStrings(j, KEYS, 32));

    @TempDir
    Path dir;

    /** A key count on the target, and when it was read. */
    private record Sample(long nanos, long keys) {}

    @Test
    void targetSeesTheConfiguredRateAcrossTwoWriterSubtasks() throws Exception {
        Path cfg = MigrationConfig.rdbToRedis(servers.source().rdbFile(), servers.target().address(), dir)
                .advanced("target_redis_max_qps", Long.toString(QPS))
                .flink("parallelism", "2")
                .write();
        CompletableFuture<InProcessRun> run = CompletableFuture.supplyAsync(() -> InProcessRun.of(cfg));
        List<Sample> samples = new ArrayList<>();
        try (Jedis target = servers.target().jedis()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!run.isDone() && System.nanoTime() < deadline) {
                long keys = target.dbSize();
                samples.add(new Sample(System.nanoTime(), keys));
                Thread.sleep(20);
            }
        }
        InProcessRun r = run.get(30, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        servers.assertTargetEqualsSource();

        Sample from = firstWith(samples, KEYS / 4);
        Sample to = firstWith(samples, 3 * KEYS / 4);
        double rate = (to.keys() - from.keys()) * 1e9 / (to.nanos() - from.nanos());
        assertThat(rate).as("keys (RESTOREs) per second on the target, %s to %s", from, to)
                .isBetween(QPS * 0.9, QPS * 1.1);
    }

    private static Sample firstWith(List<Sample> samples, long keys) {
        return samples.stream().filter(s -> s.keys() >= keys).findFirst()
                .orElseThrow(() -> new AssertionError("the target never held " + keys + " keys while the run went on: " + samples));
    }
}
