package dev.ferry.cli;

import static dev.ferry.testing.Summary.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.SourceWriter;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code ferry run --stop-when-consistent} from a live standalone source, in a JVM of its own as a user runs it: the
 * run ends by itself with exit 0 once the target has everything, leaves a savepoint that {@code --resume} continues
 * by {@code +CONTINUE}, and prints a progress line per split. (The writer's EXPIREs make the source expire keys for
 * minutes afterwards, so an idle source is in {@link StopWhenConsistentIdleITCase}.)
 */
class StopWhenConsistentITCase {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(StopWhenConsistentITCase::fill);

    @TempDir
    Path dir;

    @Test
    void writtenDuringAndAfterTheSnapshotStopsByItselfThenResumesByContinue() throws Exception {
        Path cfg = config();
        try (SourceWriter writer = SourceWriter.start(servers::source, 11);
             FerryProcess first = FerryProcess.start(dir.resolve("first.log"), "run", "-c", cfg.toString(),
                     "--stop-when-consistent", "--consistent-for", "2s")) {
            ReplicaProgress.awaitReplicaListed(servers.source());
            long opsAtFullSync = writer.ops();
            ReplicaProgress.awaitAcked(servers.source(), false); // the snapshot is on the target, the writer still going
            assertThat(writer.ops()).as("writes during the full sync").isGreaterThan(opsAtFullSync);
            writer.awaitMoreOps(1_000);
            assertThat(first.isAlive()).as("stopped while the source was being written:\n%s", first.output()).isTrue();
            writer.stopAndJoin();
            assertThat(writer.ops()).isGreaterThan(100);
            assertThat(first.waitFor(RUN_TIMEOUT)).as(first.output()).isZero();
            assertThat(first.output()).contains("Consistent: the target has acknowledged everything the source sent (1 split)",
                    "Stopped with savepoint", "Migration finished");
            assertThat(count(first.output(), "keys written")).as("the summary counts what the savepoint holds").isPositive();
            assertThat(count(first.output(), "commands written")).isPositive();
            assertThat(first.output()).as("the job's progress line").containsPattern(
                    "progress: streaming, [0-9,]+ keys/s, [0-9,]+ commands/s, lag [0-9,]+ bytes / [0-9,]+ ms")
                    .as("and not each split's too").doesNotContainPattern("replica split \\S+: streaming, lag")
                    .as("the last line once").containsOnlyOnce("progress: done");
        }
        servers.assertTargetEqualsSource();

        try (Jedis s = servers.source().jedis()) {
            s.set("written:after-the-stop", "1");
        }
        long fullSyncs = ReplicaProgress.stat(servers.source(), "sync_full");
        long partialSyncs = ReplicaProgress.stat(servers.source(), "sync_partial_ok");
        try (FerryProcess resumed = FerryProcess.start(dir.resolve("resumed.log"), "run", "-c", cfg.toString(), "--resume",
                "--stop-when-consistent", "--consistent-for", "1s")) {
            assertThat(resumed.waitFor(RUN_TIMEOUT)).as(resumed.output()).isZero();
            assertThat(resumed.output()).contains("Resuming from", "+CONTINUE, no full sync", "Stopped with savepoint");
        }
        assertThat(ReplicaProgress.stat(servers.source(), "sync_partial_ok")).as("resumed by +CONTINUE").isEqualTo(partialSyncs + 1);
        assertThat(ReplicaProgress.stat(servers.source(), "sync_full")).as("no second full sync").isEqualTo(fullSyncs);
        servers.assertTargetEqualsSource();
    }

    /** Enough keys that the application's writes land during the full sync too, of every type. */
    private static void fill(Jedis j) {
        TestData.fillStrings(j, 20_000, 64);
        TestData.fillMixed(j, 1);
    }

    private Path config() {
        return LiveConfig.write("[sync_reader]\naddress = \"" + servers.source().address() + "\"\n",
                servers.target().address(), dir, 1);
    }
}
