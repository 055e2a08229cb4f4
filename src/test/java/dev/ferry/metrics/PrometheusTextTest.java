package dev.ferry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.metrics.MetricsSnapshot.Reading;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void subtasksAreSummedAndLabelsCarrySplitTypeCommandActionAndPhase() throws Exception {
        MetricsSnapshot s = new MetricsSnapshot(0, List.of(
                new Reading(FerryMetric.KEYS_WRITTEN, "", 0, 10L),
                new Reading(FerryMetric.KEYS_WRITTEN, "", 1, 5.0),
                new Reading(FerryMetric.KEYS_READ_BY_TYPE, "hash", 0, 7L),
                new Reading(FerryMetric.COMMANDS_READ, "SET", 0, 3L),
                new Reading(FerryMetric.CONFLICTS_REWRITTEN, "", 0, 2L),
                new Reading(FerryMetric.UNSUPPORTED_CROSS_SLOT, "", 0, 1L),
                new Reading(FerryMetric.PHASE, "10.0.0.5:6379", -1, "streaming"),
                new Reading(FerryMetric.LAG_MS, "10.0.0.5:6379", -1, 120L)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusText.write(s, out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).contains(
                "# TYPE ferry_writer_keys_written_total counter",
                "ferry_writer_keys_written_total 15.0",
                "ferry_source_keys_read_by_type_total{type=\"hash\"} 7.0",
                "ferry_source_commands_read_total{command=\"SET\"} 3.0",
                "ferry_writer_conflicts_total{action=\"rewritten\"} 2.0",
                "ferry_writer_conflicts_total{action=\"unsupported_cross_slot\"} 1.0",
                "ferry_split_phase{phase=\"streaming\",split=\"10.0.0.5:6379\"} 1.0",
                "# TYPE ferry_split_lag_ms gauge",
                "ferry_split_lag_ms{split=\"10.0.0.5:6379\"} 120.0");
        assertThat(text).as("no family without readings").doesNotContain("ferry_source_full_syncs");
        assertThat(PrometheusText.contentType()).startsWith("text/plain");
    }
}
