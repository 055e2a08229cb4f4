package dev.ferry.job;

import dev.ferry.config.Delivery;
import dev.ferry.testing.FaultCase;
import dev.ferry.testing.FaultCase.Phase;
import dev.ferry.testing.ReliabilityReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TaskManager running the whole job dies (MiniCluster), and a new one takes over from the last checkpoint. */
class TaskManagerKillFaultITCase {
    private static final String FAULT = "TaskManager killed";

    @TempDir
    Path dir;

    @Test
    void streamingExactlyOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.STREAMING, Delivery.EXACTLY_ONCE, dir).run(FaultCase.Servers::killTaskManager);
        ReliabilityReport.record(new ReliabilityReport.Row("1-tm-kill-2-streaming-1-eo", FAULT, "streaming", "exactly-once",
                r.assertExact()));
    }
}
