package dev.ferry.job;

import static dev.ferry.testing.ReliabilityReport.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.Delivery;
import dev.ferry.testing.FaultCase;
import dev.ferry.testing.FaultCase.Phase;
import dev.ferry.testing.FaultCase.Servers;
import dev.ferry.testing.ReliabilityReport.Row;
import dev.ferry.testing.SharedMiniCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target's redis-server crashes (SIGKILL) and starts again. With persistence (AOF, fsync always) it comes back
 * with everything it acknowledged and the job restarts from its last checkpoint; without, it comes back empty and the
 * job must stop and say what to do, in either delivery mode, rather than go on over the hole.
 */
class TargetRestartFaultITCase {
    private static final String WITH = "target restarted, with persistence";
    private static final String WITHOUT = "target restarted, without persistence";

    @RegisterExtension
    static final SharedMiniCluster FLINK = new SharedMiniCluster();

    @TempDir
    Path dir;

    @Test
    void withPersistenceStreamingExactlyOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.STREAMING, Delivery.EXACTLY_ONCE, dir).on(FLINK.cluster()).persistentTarget()
                .run(Servers::crashAndRestartTarget);
        record(new Row("2-target-restart-1-2-streaming-1-eo", WITH, "streaming", "exactly-once", r.assertExact()));
    }

    @Test
    void withPersistenceStreamingAtLeastOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.STREAMING, Delivery.AT_LEAST_ONCE, dir).on(FLINK.cluster()).persistentTarget()
                .run(Servers::crashAndRestartTarget);
        record(new Row("2-target-restart-1-2-streaming-2-alo", WITH, "streaming", "at-least-once", r.assertAtLeastOnce()));
    }

    @Test
    void withPersistenceSnapshotExactlyOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.SNAPSHOT, Delivery.EXACTLY_ONCE, dir).on(FLINK.cluster()).persistentTarget()
                .run(Servers::crashAndRestartTarget);
        record(new Row("2-target-restart-1-1-snapshot-1-eo", WITH, "snapshot", "exactly-once", r.assertExact()));
    }

    @Test
    void withoutPersistenceStreamingExactlyOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.STREAMING, Delivery.EXACTLY_ONCE, dir).on(FLINK.cluster())
                .runUntilTheJobFails(Servers::crashAndRestartTarget);
        record(new Row("2-target-restart-2-2-streaming-1-eo", WITHOUT, "streaming", "exactly-once", stopsSaying(r)));
    }

    @Test
    void withoutPersistenceStreamingAtLeastOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.STREAMING, Delivery.AT_LEAST_ONCE, dir).on(FLINK.cluster())
                .runUntilTheJobFails(Servers::crashAndRestartTarget);
        record(new Row("2-target-restart-2-2-streaming-2-alo", WITHOUT, "streaming", "at-least-once", stopsSaying(r)));
    }

    private static String stopsSaying(FaultCase.Result r) {
        assertThat(r.failure()).contains("TargetDataLostException", "run_id changed", "lost data it had acknowledged",
                "without --resume", "rdb_restore_command_behavior = \"rewrite\"");
        return "the job stops without restarting: \"target ... lost data it had acknowledged ... Re-run the migration from "
                + "the snapshot ... rdb_restore_command_behavior = \\\"rewrite\\\"\" (run_id changed, checkpoint stamp gone); "
                + "fault at " + r.injectedAt();
    }
}
