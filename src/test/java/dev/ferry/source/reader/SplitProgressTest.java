package dev.ferry.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SplitProgressTest {
    private static final long S = 1_000_000_000L;

    @Test
    void snapshotOfKnownSizeShowsPercentAndOpsPerSecond() {
        SplitProgress p = new SplitProgress("10.0.0.1:6379", 5, 0);
        for (int i = 0; i < 500; i++) {
            p.emitted();
        }
        p.snapshot(250, 1000, 42, 4096);
        assertThat(p.lineIfDue(4 * S)).as("before log_interval").isNull();
        assertThat(p.lineIfDue(5 * S)).isEqualTo("replica split 10.0.0.1:6379: snapshot 25.0% (250 of 1,000 bytes parsed), "
                + "lag 42 bytes, 100 ops/s, spool 4,096 bytes on disk");
        assertThat(p.phase()).isEqualTo("snapshot");
        assertThat(p.snapshotPercent()).isEqualTo(25.0);
        assertThat(p.caughtUp()).isFalse();
    }

    @Test
    void disklessSnapshotShowsBytesSoFar() {
        SplitProgress p = new SplitProgress("s", 1, 0);
        p.snapshot(1234, -1, 0, 2000);
        assertThat(p.snapshotPercent()).isEqualTo(-1);
        assertThat(p.lineIfDue(S)).startsWith("replica split s: snapshot 1,234 bytes parsed (diskless: size unknown");
    }

    @Test
    void streamingShowsLagAndCaughtUp() {
        SplitProgress p = new SplitProgress("s", 1, 0);
        p.update(SplitProgress.Phase.STREAMING, 0, 10, true);
        assertThat(p.lineIfDue(2 * S)).isEqualTo("replica split s: streaming, lag 0 bytes, 0 ops/s, spool 10 bytes on disk, caught up");
        assertThat(p.snapshotPercent()).isEqualTo(100);
        assertThat(p.lagBytes()).isZero();
        assertThat(p.spoolBytes()).isEqualTo(10);
        assertThat(p.caughtUp()).isTrue();
    }

    @Test
    void logIntervalZeroLogsNothing() {
        SplitProgress p = new SplitProgress("s", 0, 0);
        assertThat(p.lineIfDue(1_000 * S)).isNull();
    }
}
