package dev.ferry.cli;

import static dev.ferry.testing.Summary.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * An interrupted migration continues with {@code ferry run --resume}, in a JVM of its own as a user runs it,
 * under the default {@code panic} policy: nothing is lost, nothing starts over, and the keys the first run
 * had already written are not conflicts. The first run's writer is held to one command in flight, and the
 * target is paused while the run is interrupted, so it is always mid-file when that happens.
 */
class ResumeITCase {
    private static final int KEYS = 40_000;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> {
        TestData.fillStrings(j, KEYS, 32);
        TestData.fillMixed(j, 1);
    });

    @TempDir
    Path dir;

    @Test
    void afterAKillTheResumedRunContinuesFromTheLastCheckpoint() throws Exception {
        Path cfg = config();
        try (FerryProcess first = FerryProcess.start(dir.resolve("first.log"), "run", "-c", cfg.toString())) {
            awaitCheckpointAndProgress(first);
            // a paused target holds the job mid-file however fast it runs
            servers.target().pause();
            first.kill();
            servers.target().resume();
        }
        long written = targetKeys();
        assertThat(written).as("killed mid-file").isGreaterThan(0).isLessThan(sourceKeys());

        String resumed = runToEnd("resumed.log", cfg, "--resume");
        assertThat(resumed).contains("Resuming from " + dir.resolve("checkpoints"));
        assertThat(count(resumed, "keys from source")).as("the resumed run read only the rest of the file").isLessThan(sourceKeys());
        assertThat(count(resumed, "conflicts rewritten") + count(resumed, "conflicts skipped")).isZero();
        assertTargetEqualsSource();
        assertThat(dir.resolve("data/conflicts.jsonl")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
    }

    @Test
    void ctrlCStopsWithASavepointAndTheResumedRunRepeatsNothing() throws Exception {
        Path cfg = config();
        try (FerryProcess first = FerryProcess.start(dir.resolve("first.log"), "run", "-c", cfg.toString())) {
            awaitCheckpointAndProgress(first);
            servers.target().pause();
            first.interrupt();
            Thread.sleep(1000);
            servers.target().resume();
            first.waitFor(RUN_TIMEOUT);
            assertThat(first.output()).contains("Stopped with savepoint").contains("--resume");
        }
        long writtenBefore = targetKeys();
        assertThat(writtenBefore).isLessThan(sourceKeys());

        String resumed = runToEnd("resumed.log", cfg, "--resume");
        assertThat(resumed).contains("Resuming from " + dir.resolve("checkpoints").resolve("savepoints"));
        // everything the first run wrote was acknowledged before the savepoint: the rest is new, nothing is replayed
        assertThat(count(resumed, "identical on target")).isZero();
        assertThat(count(resumed, "keys written") + writtenBefore).isEqualTo(sourceKeys());
        assertTargetEqualsSource();
    }

    private String runToEnd(String log, Path cfg, String... more) {
        // the resumed run need not be slow: a full pipeline
        String[] args = Stream.concat(Stream.of("run", "-c", cfg.toString(), "--set", "advanced.pipeline_count_limit=512"),
                Stream.of(more)).toArray(String[]::new);
        try (FerryProcess p = FerryProcess.start(dir.resolve(log), args)) {
            int code = p.waitFor(RUN_TIMEOUT);
            assertThat(code).as(p.output()).isZero();
            return p.output();
        }
    }

    private void awaitCheckpointAndProgress(FerryProcess p) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("ferry ended before it could be interrupted:\n%s", p.output()).isTrue();
            if (hasCheckpoint() && targetKeys() > KEYS / 10) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no checkpoint within " + RUN_TIMEOUT + ":\n" + p.output());
    }

    private boolean hasCheckpoint() {
        Path checkpoints = dir.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(checkpoints, 3)) {
            return files.anyMatch(f -> f.getFileName().toString().equals("_metadata"));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false; // a checkpoint directory being written or removed while we look
        }
    }

    private static long sourceKeys() {
        return servers.sourceKeys();
    }

    private static long targetKeys() {
        return servers.targetKeys();
    }

    private static void assertTargetEqualsSource() {
        servers.assertTargetEqualsSource();
        try (Jedis t = servers.target().jedis()) {
            assertThat(t.functionList()).hasSize(1);
        }
    }

    private Path config() {
        return MigrationConfig.rdbToRedis(servers.source().rdbFile(), servers.target().address(), dir)
                .advanced("pipeline_count_limit", "1")
                .flink("checkpoint_interval", "\"300ms\"")
                .flink("checkpoint_dir", "\"" + dir.resolve("checkpoints") + "\"")
                .write();
    }
}
