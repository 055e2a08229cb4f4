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
 * The target answers OOM to every write for two seconds (maxmemory 1 byte): each attempt of the job fails on it and
 * Flink restarts it from the last checkpoint until the target takes writes again.
 */
class TargetOomFaultITCase {
    private static final String FAULT = "target out of memory for 2 s (maxmemory)";

    @RegisterExtension
    static final SharedMiniCluster FLINK = new SharedMiniCluster();

    @TempDir
    Path dir;

    @Test
    void streamingExactlyOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.STREAMING, Delivery.EXACTLY_ONCE, dir).on(FLINK.cluster())
                .run(s -> s.targetOutOfMemoryFor(Duration.ofSeconds(2)));
        record(new Row("4-target-oom-2-streaming-1-eo", FAULT, "streaming", "exactly-once", r.assertExact()));
    }
}
