package dev.ferry.job;

import static dev.ferry.testing.ReliabilityReport.record;

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
 * The source drops Ferry's replication connection ({@code CLIENT KILL TYPE replica}); the split reconnects inside the
 * running job: {@code +CONTINUE} while streaming, a new full sync while the snapshot is parsed.
 */
class SourceDisconnectFaultITCase {
    private static final String FAULT = "source drops the replica (CLIENT KILL TYPE replica)";

    @RegisterExtension
    static final SharedMiniCluster FLINK = new SharedMiniCluster();

    @TempDir
    Path dir;

    @Test
    void streamingExactlyOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.STREAMING, Delivery.EXACTLY_ONCE, dir).on(FLINK.cluster())
                .run(Servers::dropSourceConnection);
        record(new Row("3-source-drop-2-streaming-1-eo", FAULT, "streaming", "exactly-once", r.assertExact()));
    }

    @Test
    void snapshotAtLeastOnce() throws Exception {
        FaultCase.Result r = FaultCase.of(Phase.SNAPSHOT, Delivery.AT_LEAST_ONCE, dir).on(FLINK.cluster())
                .run(Servers::dropSourceConnection);
        record(new Row("3-source-drop-1-snapshot-2-alo", FAULT, "snapshot", "at-least-once", r.assertAtLeastOnce()));
    }
}
