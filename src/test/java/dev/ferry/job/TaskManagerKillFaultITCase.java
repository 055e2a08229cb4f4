package dev.ferry.job;

import dev.ferry.config.Delivery;
import dev.ferry.testing.FaultCase;
import dev.ferry.testing.FaultCase.Phase;
import dev.ferry.testing.FaultCase.Servers;
import dev.ferry.testing.ReliabilityReport.Row;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.ferry.testing.ReliabilityReport.record;

/**
 * The TaskManager running the whole job dies (a MiniCluster of the case's own), a new one joins, and Flink restarts
 * the job there from the last completed checkpoint.
 */
class TaskManagerKillFaultITCase {
    private static final String FAULT = "TaskManager killed";

    @TempDir
    Path dir;

    @Test
    void streamingExactlyOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.STREAMING, Delivery.EXACTLY_ONCE, dir).run(Servers::killTaskManager);
        record(new Row("1-tm-kill-2-streaming-1-eo", FAULT, "streaming", "exactly-once", r.assertExact()));
    }

    @Test
    void streamingAtLeastOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.STREAMING, Delivery.AT_LEAST_ONCE, dir).run(Servers::killTaskManager);
        record(new Row("1-tm-kill-2-streaming-2-alo", FAULT, "streaming", "at-least-once", r.assertAtLeastOnce()));
    }

    @Test
    void snapshotExactlyOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.SNAPSHOT, Delivery.EXACTLY_ONCE, dir).run(Servers::killTaskManager);
        record(new Row("1-tm-kill-1-snapshot-1-eo", FAULT, "snapshot", "exactly-once", r.assertExact()));
    }
}
