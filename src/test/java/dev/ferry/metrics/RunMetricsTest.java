package dev.ferry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class RunMetricsTest {
    private final RunMetrics metrics = new RunMetrics();

    @Test
    void countersOfEndedTasksStayInTheTotals() {
        SimpleCounter first = new SimpleCounter();
        first.inc(10);
        metrics.notifyOfAddedMetric(first, "keysRead", group(Map.of("<subtask_index>", "0")));
        metrics.notifyOfAddedMetric(new SimpleCounter(), "numRecordsIn", group(Map.of()));
        assertThat(metrics.snapshot(1).total(FerryMetric.KEYS_READ)).isEqualTo(10);
        assertThat(metrics.snapshot(1).readings()).as("only Ferry's metrics").hasSize(1);

        metrics.notifyOfRemovedMetric(first, "keysRead", group(Map.of("<subtask_index>", "0")));
        SimpleCounter restarted = new SimpleCounter();
        restarted.inc(3);
        metrics.notifyOfAddedMetric(restarted, "keysRead", group(Map.of("<subtask_index>", "0")));
        assertThat(metrics.snapshot(2).total(FerryMetric.KEYS_READ)).as("the failed task's count and the new one's").isEqualTo(13);
    }

    @Test
    void aSplitRegisteredAgainReplacesItsGaugesAndAllCaughtUpNeedsEverySplit() {
        metrics.notifyOfAddedMetric(gauge(0), "caughtUp", group(Map.of("<split>", "a")));
        metrics.notifyOfAddedMetric(gauge(1), "caughtUp", group(Map.of("<split>", "b")));
        assertThat(metrics.allCaughtUp(2)).isFalse();
        metrics.notifyOfAddedMetric(gauge(1), "caughtUp", group(Map.of("<split>", "a")));
        assertThat(metrics.allCaughtUp(2)).isTrue();
        assertThat(metrics.allCaughtUp(3)).as("a split that does not report yet").isFalse();
        assertThat(metrics.snapshot(0).byLabel(FerryMetric.CAUGHT_UP)).containsExactly(Map.entry("a", 1L), Map.entry("b", 1L));
    }

    private static Gauge<Integer> gauge(int value) {
        return () -> value;
    }

    private static MetricGroup group(Map<String, String> variables) {
        return new UnregisteredMetricsGroup() {
            @Override
            public Map<String, String> getAllVariables() {
                return variables;
            }
        };
    }
}
