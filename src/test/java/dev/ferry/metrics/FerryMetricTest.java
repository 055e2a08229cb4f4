package dev.ferry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FerryMetricTest {

    @Test
    void aMetricIsRecognisedByItsNameAndTheGroupThatLabelsIt() {
        assertThat(FerryMetric.of("keysRead", Map.of("<subtask_index>", "0"))).isEqualTo(FerryMetric.KEYS_READ);
        assertThat(FerryMetric.of("keysRead", Map.of("<type>", "hash"))).isEqualTo(FerryMetric.KEYS_READ_BY_TYPE);
        assertThat(FerryMetric.of("phase", Map.of("<split>", "127.0.0.1:6380"))).isEqualTo(FerryMetric.PHASE);
        assertThat(FerryMetric.of("phase", Map.of())).as("a split metric outside a split group").isNull();
        assertThat(FerryMetric.of("numRecordsIn", Map.of())).as("Flink's own").isNull();
        assertThat(FerryMetric.KEYS_READ_BY_TYPE.labelValue(Map.of("<type>", "hash"))).isEqualTo("hash");
    }

    @Test
    void prometheusNamesAreFerrysAndUniquePerKindOfValue() {
        for (FerryMetric m : FerryMetric.values()) {
            assertThat(m.prometheusName()).startsWith("ferry_").matches("[a-z_]+").doesNotEndWith("_total");
            for (FerryMetric other : FerryMetric.values()) {
                if (other != m && other.prometheusName().equals(m.prometheusName())) {
                    assertThat(m.action()).as("%s and %s share a family only as conflict actions", m, other).isNotNull();
                }
            }
        }
    }
}
