package dev.ferry.job;

import static dev.ferry.testing.ReliabilityReport.record;

import dev.ferry.config.Delivery;
import dev.ferry.testing.FaultCase;
import dev.ferry.testing.FaultCase.Phase;
import dev.ferry.testing.ReliabilityReport.Row;
import dev.ferry.testing.SharedMiniCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target freezes (SIGSTOP) for 5 s, longer than the case's 2 s checkpoint timeout: the checkpoint waiting on the
 * writer expires, which fails the job, and Flink restarts it from the last checkpoint once the target answers again.
 */
class TargetPauseFaultITCase {
    private static final String FAULT = "target paused 5 s (SIGSTOP), checkpoint timeout 2 s";

    @RegisterExtension
    static final SharedMiniCluster FLINK = new SharedMiniCluster();

    @TempDir
    Path dir;

    @Test
    void streamingExactlyOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.STREAMING, Delivery.EXACTLY_ONCE, dir).on(FLINK.cluster())
                .checkpointTimeout(Duration.ofSeconds(2)).run(s -> s.pauseTargetFor(Duration.ofSeconds(5)));
        record(new Row("5-target-pause-2-streaming-1-eo", FAULT, "streaming", "exactly-once", r.assertExact()));
    }
}
