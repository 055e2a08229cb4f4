package dev.ferry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.metrics.MetricsSnapshot.Reading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobProgressTest {

    @Test
    void snapshotPercentRateAndEtaFromTheSplitsBytes() {
        MetricsSnapshot earlier = snapshot(0, split("a", "snapshot", 0, 2_000), split("b", "snapshot", 0, 2_000));
        MetricsSnapshot now = snapshot(5_000, split("a", "snapshot", 1_000, 2_000), split("b", "snapshot", 0, 2_000),
                count(FerryMetric.KEYS_WRITTEN, 0, 500), count(FerryMetric.CONFLICTS_SKIPPED, 0, 3));
        JobProgress p = JobProgress.of(now, earlier, 0, false, false);

        assertThat(p.phase()).isEqualTo("snapshot");
        assertThat(p.percent()).isEqualTo(25.0);
        assertThat(p.etaSeconds()).as("3,000 bytes left at 200 bytes/s").isEqualTo(15);
        assertThat(p.keysPerSecond()).isEqualTo(100.0);
        assertThat(p.line()).isEqualTo("progress: snapshot 25.0% (1,000 of 4,000 bytes), 100 keys/s, ETA 15s, "
                + "written 500 keys + 0 commands, conflicts 3");
    }

    @Test
    void theRdbFilesSizeCountsBeforeTheirSplitsOpen() {
        MetricsSnapshot now = snapshot(1_000, split("first.rdb", "done", 1_000, 1_000));
        JobProgress p = JobProgress.of(now, snapshot(0), 4_000, false, false);
        assertThat(p.total()).isEqualTo(4_000);
        assertThat(p.percent()).isEqualTo(25.0);
        assertThat(p.phase()).as("every open split is read, more files to come").isEqualTo("snapshot");
    }

    @Test
    void aSnapshotOfUnknownSizeHasNoPercentNorEta() {
        MetricsSnapshot now = snapshot(1_000, split("r", "snapshot", 500, -1));
        JobProgress p = JobProgress.of(now, snapshot(0, split("r", "snapshot", 0, -1)), 0, false, false);
        assertThat(p.percent()).isEqualTo(-1);
        assertThat(p.line()).startsWith("progress: snapshot ?%, 0 keys/s, ETA -");
    }

    @Test
    void aScanIsMeasuredInKeysAndStaysBelowHundredUntilDone() {
        List<Reading> now = new ArrayList<>(List.of(new Reading(FerryMetric.PHASE, "s", -1, "snapshot"),
                new Reading(FerryMetric.SNAPSHOT_KEYS_SCANNED, "s", -1, 120L),
                new Reading(FerryMetric.SNAPSHOT_KEYS_TOTAL, "s", -1, 100L)));
        JobProgress p = JobProgress.of(new MetricsSnapshot(1_000, now), snapshot(0), 0, false, false);
        assertThat(p.unit()).isEqualTo("keys");
        assertThat(p.percent()).isEqualTo(99.9);
    }

    @Test
    void streamingShowsLagAndConsistency() {
        MetricsSnapshot now = snapshot(2_000, new Reading(FerryMetric.PHASE, "r", -1, "streaming"),
                new Reading(FerryMetric.LAG_BYTES, "r", -1, 10L), new Reading(FerryMetric.LAG_MS, "r", -1, 20L),
                count(FerryMetric.COMMANDS_WRITTEN, 0, 40), count(FerryMetric.COMMANDS_READ, 0, 40));
        JobProgress p = JobProgress.of(now, snapshot(0), 0, false, true);
        assertThat(p.line()).isEqualTo("progress: streaming, 0 keys/s, 20 commands/s, lag 10 bytes / 20 ms, "
                + "written 0 keys + 40 commands, conflicts 0, consistent");
        assertThat(p.readPerSecond()).isEqualTo(20.0);
    }

    @Test
    void noSplitBeforeAnythingIsReadIsStartingAndTheEndIsDone() {
        assertThat(JobProgress.of(snapshot(1_000), snapshot(0), 0, false, false).phase()).isEqualTo("starting");
        assertThat(JobProgress.of(snapshot(1_000, count(FerryMetric.KEYS_READ, 0, 1)), snapshot(0), 0, false, false).phase())
                .isEqualTo("finishing");
        assertThat(JobProgress.of(snapshot(1_000), snapshot(0), 0, true, true).line())
                .isEqualTo("progress: done, written 0 keys + 0 commands, conflicts 0");
    }

    @Test
    void theBarFitsTheTerminal() {
        MetricsSnapshot now = snapshot(1_000, split("a", "snapshot", 500, 1_000));
        String bar = JobProgress.of(now, snapshot(0), 0, false, false).bar(60);
        assertThat(bar).hasSizeLessThanOrEqualTo(60).startsWith("[##########----------]  50.0% snapshot");
    }

    @Test
    void etaReadsAsHoursMinutesSeconds() {
        assertThat(withEta(3_725).eta()).isEqualTo("1h02m");
        assertThat(withEta(187).eta()).isEqualTo("3m07s");
        assertThat(withEta(45).eta()).isEqualTo("45s");
        assertThat(withEta(-1).eta()).isEqualTo("-");
    }

    private static JobProgress withEta(long seconds) {
        return new JobProgress("snapshot", 1, 1, 1, "bytes", 0, 0, 0, seconds, 0, 0, 0, 0, 0, false);
    }

    static MetricsSnapshot snapshot(long at, Object... readings) {
        List<Reading> all = new ArrayList<>();
        for (Object r : readings) {
            if (r instanceof Reading one) {
                all.add(one);
            } else {
                @SuppressWarnings("unchecked")
                List<Reading> many = (List<Reading>) r;
                all.addAll(many);
            }
        }
        return new MetricsSnapshot(at, all);
    }

    static List<Reading> split(String id, String phase, long parsed, long total) {
        return List.of(new Reading(FerryMetric.PHASE, id, -1, phase), new Reading(FerryMetric.SNAPSHOT_BYTES_PARSED, id, -1, parsed),
                new Reading(FerryMetric.SNAPSHOT_BYTES_TOTAL, id, -1, total));
    }

    static Reading count(FerryMetric m, int subtask, long value) {
        return new Reading(m, "", subtask, value);
    }
}
