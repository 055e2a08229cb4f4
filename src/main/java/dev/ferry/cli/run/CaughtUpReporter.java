package dev.ferry.cli.run;

import dev.ferry.source.reader.ReplicationMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A metric reporter of the embedded MiniCluster that keeps every replica split's {@code caughtUp} gauge, so the
 * runner in the same JVM can read them directly (no REST polling, no delay of a metric fetcher). A split whose
 * task is restarted registers a new gauge under the same split id, which replaces the old one.
 */
final class CaughtUpReporter implements MetricReporter {
    private static final String SPLIT_VARIABLE = "<" + ReplicationMetrics.SPLIT_GROUP + ">";

    private final Map<String, Gauge<?>> bySplit = new ConcurrentHashMap<>();

    @Override
    public void open(MetricConfig config) {
        // nothing to set up: it only holds references
    }

    @Override
    public void close() {
        bySplit.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String split = splitOf(name, group);
        if (split != null && metric instanceof Gauge<?> g) {
            bySplit.put(split, g);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        String split = splitOf(name, group);
        if (split != null) {
            bySplit.remove(split, metric);
        }
    }

    /** Whether {@code splits} splits report, and every one of them is caught up. */
    boolean allCaughtUp(int splits) {
        Map<String, Gauge<?>> now = Map.copyOf(bySplit);
        return now.size() == splits && now.values().stream().allMatch(g -> Integer.valueOf(1).equals(g.getValue()));
    }

    private static String splitOf(String name, MetricGroup group) {
        return ReplicationMetrics.CAUGHT_UP.equals(name) ? group.getAllVariables().get(SPLIT_VARIABLE) : null;
    }
}
