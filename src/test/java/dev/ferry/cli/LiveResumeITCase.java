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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code ferry run} from a live source killed with SIGKILL (no savepoint, no shutdown hook) and continued with
 * {@code --resume}, in JVMs of their own as a user runs them; each resumed run ends by itself
 * ({@code --stop-when-consistent}) and the target then equals the source. Killed while streaming, the resumed run
 * continues the replication ({@code +CONTINUE}, no second full sync); killed in the middle of the snapshot, it goes on
 * parsing the snapshot the first run spooled and continues the replication after it ({@code +CONTINUE}); resumed
 * after the source's backlog lost the offset, it full-syncs again with one WARN line, and {@code rewrite} makes the
 * keys changed meanwhile equal.
 *
 * <p>The application writes idempotent commands only ({@link SourceWriter#startIdempotent}): what a restart from a
 * checkpoint applies a second time is Ferry's at-least-once delivery (README, Limits), not what these tests are about.
 */
class LiveResumeITCase {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final int STRINGS = 20_000;
    private static final String BACKLOG = "64mb";

    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> {
        TestData.fillStrings(j, STRINGS, 32);
        TestData.fillMixed(j, 1);
    });

    @TempDir
    Path dir;

    @BeforeAll
    static void aBacklogForWhileFerryIsAway() {
        try (Jedis s = servers.source().jedis()) {
            // the application writes on while Ferry is away: the source keeps it for the resumed run's +CONTINUE
            s.configSet("repl-backlog-size", BACKLOG);
        }
    }

    @Test
    void killedWhileStreamingResumesByContinueWithoutASecondFullSync() throws Exception {
        Path cfg = config();
        try (SourceWriter writer = SourceWriter.startIdempotent(servers::source, 31)) {
            try (FerryProcess first = FerryProcess.start(dir.resolve("first.log"), "run", "-c", cfg.toString())) {
                ReplicaProgress.awaitAcked(servers.source(), false); // a checkpoint of the stream phase is complete
                writer.awaitMoreOps(200); // and the source went on after it
                first.kill();
            }
            long fullSyncs = ReplicaProgress.stat(servers.source(), "sync_full");
            long partialSyncs = ReplicaProgress.stat(servers.source(), "sync_partial_ok");
            writer.awaitMoreOps(200); // while Ferry is away
            try (FerryProcess resumed = resume(cfg)) {
                finishWhileWritten(resumed, writer, "Resuming from " + dir.resolve("data/checkpoints"),
                        "+CONTINUE, no full sync");
            }
            assertContinuedOnceThenEqual(fullSyncs, partialSyncs);
        }
    }

    @Test
    void killedInTheMiddleOfTheSnapshotContinuesItFromTheSpoolWithoutASecondFullSync() throws Exception {
        // one command in flight: the snapshot takes a while, and checkpoints complete inside it
        Path cfg = config("pipeline_count_limit = 1");
        try (SourceWriter writer = SourceWriter.startIdempotent(servers::source, 32)) {
            try (FerryProcess first = FerryProcess.start(dir.resolve("first.log"), "run", "-c", cfg.toString())) {
                awaitCheckpointWithKeysWritten(first, STRINGS / 10);
                servers.target().pause(); // holds the job in the snapshot however fast it runs
                first.kill();
                servers.target().resume();
            }
            assertThat(servers.targetKeys()).as("killed in the middle of the snapshot").isLessThan(STRINGS);
            long fullSyncs = ReplicaProgress.stat(servers.source(), "sync_full");
            long partialSyncs = ReplicaProgress.stat(servers.source(), "sync_partial_ok");
            try (FerryProcess resumed = resume(cfg, "--set", "advanced.pipeline_count_limit=1024")) {
                finishWhileWritten(resumed, writer, "was restored in the middle of the snapshot", "which the spool in",
                        "still holds whole", "+CONTINUE, no full sync", "the snapshot goes on from the spool");
            }
            assertContinuedOnceThenEqual(fullSyncs, partialSyncs);
        }
    }

    @Test
    void resumedAfterTheBacklogLostItsOffsetFullSyncsAgainAndRewriteMakesItEqual() throws Exception {
        Path cfg = config("rdb_restore_command_behavior = \"rewrite\"");
        try (FerryProcess first = FerryProcess.start(dir.resolve("first.log"), "run", "-c", cfg.toString())) {
            ReplicaProgress.awaitCaughtUp(servers.source());
            first.kill();
        }
        long fullSyncs = ReplicaProgress.stat(servers.source(), "sync_full");
        try (Jedis s = servers.source().jedis()) {
            s.configSet("repl-backlog-size", "16384"); // Redis's smallest
            try {
                String value = "x".repeat(2048);
                for (int i = 0; i < 500; i++) { // 1 MB while Ferry is away: far beyond the backlog
                    s.set("bench:" + i, value + i); // keys of the snapshot: conflicts on the target
                }
                try (FerryProcess resumed = resume(cfg)) {
                    assertThat(resumed.waitFor(RUN_TIMEOUT)).as(resumed.output()).isZero();
                    String out = resumed.output();
                    assertThat(out.lines().filter(l -> l.contains("cannot continue replication"))).as(out)
                            .singleElement().asString().contains("WARN", "starting over with a full sync",
                                    "rdb_restore_command_behavior");
                    assertThat(count(out, "conflicts rewritten")).as("the keys changed while Ferry was away")
                            .isGreaterThanOrEqualTo(500);
                }
            } finally {
                s.configSet("repl-backlog-size", BACKLOG);
            }
        }
        assertThat(ReplicaProgress.stat(servers.source(), "sync_full")).as("a full sync again").isEqualTo(fullSyncs + 1);
        servers.assertTargetEqualsSource();
    }

    /**
     * Lets the resumed run stream a little more of the source's writes, then stop them, and waits for the run to end
     * by itself; it logged {@code logged} and no new full sync.
     */
    private static void finishWhileWritten(FerryProcess resumed, SourceWriter writer, String... logged)
            throws InterruptedException {
        ReplicaProgress.awaitAcked(servers.source(), false); // streaming, with everything before on the target
        writer.awaitMoreOps(200);
        writer.stopAndJoin();
        assertThat(resumed.waitFor(RUN_TIMEOUT)).as(resumed.output()).isZero();
        assertThat(resumed.output()).contains(logged).doesNotContain("full sync of replication");
    }

    /** The source served no full sync since {@code fullSyncs}, one {@code +CONTINUE} more, and the target equals it. */
    private static void assertContinuedOnceThenEqual(long fullSyncs, long partialSyncs) {
        assertThat(ReplicaProgress.stat(servers.source(), "sync_full")).as("no second full sync").isEqualTo(fullSyncs);
        assertThat(ReplicaProgress.stat(servers.source(), "sync_partial_ok")).as("+CONTINUE").isEqualTo(partialSyncs + 1);
        servers.assertTargetEqualsSource();
    }

    private FerryProcess resume(Path cfg, String... more) {
        String[] args = Stream.concat(Stream.of("run", "-c", cfg.toString(), "--resume", "--stop-when-consistent",
                "--consistent-for", "1s"), Stream.of(more)).toArray(String[]::new);
        return FerryProcess.start(dir.resolve("resumed.log"), args);
    }

    /** Until a checkpoint has completed after the target got {@code keys} keys, so it lies inside the snapshot. */
    private void awaitCheckpointWithKeysWritten(FerryProcess p, long keys) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        long checkpointsBefore = -1;
        while (true) {
            assertThat(p.isAlive()).as("ferry ended before it could be killed:\n%s", p.output()).isTrue();
            assertThat(System.nanoTime()).as("no checkpoint with %d keys written:\n%s", keys, p.output()).isLessThan(deadline);
            if (checkpointsBefore < 0 && servers.targetKeys() >= keys) {
                checkpointsBefore = completedCheckpoints();
            } else if (checkpointsBefore >= 0 && completedCheckpoints() > checkpointsBefore) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** How many checkpoints have completed: Flink numbers them, and retains the newest one's directory. */
    private long completedCheckpoints() {
        Path checkpoints = dir.resolve("data/checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(checkpoints, 3)) {
            return files.filter(f -> f.getFileName().toString().equals("_metadata"))
                    .mapToLong(f -> Long.parseLong(f.getParent().getFileName().toString().substring("chk-".length())))
                    .max().orElse(0);
        } catch (IOException | UncheckedIOException e) {
            return 0; // a checkpoint directory being written or removed while we look
        }
    }

    private Path config(String... advanced) {
        return LiveConfig.write("[sync_reader]\naddress = \"" + servers.source().address() + "\"\n",
                servers.target().address(), dir, 1, advanced);
    }
}
