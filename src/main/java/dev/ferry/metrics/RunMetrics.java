package dev.ferry.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A metric reporter of the embedded MiniCluster that keeps Ferry's own metrics ({@link FerryMetric}), so the runner in
 * the same JVM reads them directly: no REST polling, no delay of Flink's metric fetcher. A split's metrics registered
 * again (its task restarted) replace the old ones. A counter whose task ends keeps counting in the totals: a bounded
 * job's last figures outlive its tasks, and a restarted task's counts add to what the failed one did.
 */
public final class RunMetrics implements MetricReporter {
    private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);
    private static final String SUBTASK = "<subtask_index>";

    private record Key(FerryMetric metric, String label, int subtask) {}

    private final Map<Key, Metric> live = new ConcurrentHashMap<>();
    private final Map<Key, Double> ended = new ConcurrentHashMap<>();

    @Override
    public void open(MetricConfig config) {
        // nothing to set up: it only holds references
    }

    @Override
    public void close() {
        live.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        Key key = keyOf(name, group);
        if (key != null) {
            Metric replaced = live.put(key, metric);
            if (replaced != null && replaced != metric) {
                keepCount(key, replaced);
            }
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        Key key = keyOf(name, group);
        if (key != null && live.remove(key, metric)) {
            keepCount(key, metric);
        }
    }

    private void keepCount(Key key, Metric metric) {
        if (key.metric().kind() == FerryMetric.Kind.COUNTER) {
            Object v = valueOf(metric);
            if (v instanceof Number n) {
                ended.merge(key, n.doubleValue(), Double::sum);
            }
        }
    }

    private static Key keyOf(String name, MetricGroup group) {
        Map<String, String> vars = group.getAllVariables();
        FerryMetric m = FerryMetric.of(name, vars);
        if (m == null) {
            return null;
        }
        int subtask = m.label() == FerryMetric.Label.SPLIT ? -1 : parseSubtask(vars.get(SUBTASK));
        return new Key(m, m.labelValue(vars), subtask);
    }

    private static int parseSubtask(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Every Ferry metric now, with the counts of ended tasks added in. */
    public MetricsSnapshot snapshot(long nowMillis) {
        Map<Key, Object> values = new HashMap<>(ended);
        live.forEach((k, m) -> {
            Object v = valueOf(m);
            if (v != null) {
                values.merge(k, v, RunMetrics::add);
            }
        });
        List<MetricsSnapshot.Reading> readings = new ArrayList<>(values.size());
        values.forEach((k, v) -> readings.add(new MetricsSnapshot.Reading(k.metric(), k.label(), k.subtask(), v)));
        return new MetricsSnapshot(nowMillis, List.copyOf(readings));
    }

    /**
     * Whether {@code splits} splits report, and every one of them has had everything it received acknowledged by the
     * target: what {@code --stop-when-consistent} waits for, and the status endpoint's {@code consistent}.
     */
    public boolean allCaughtUp(int splits) {
        int reporting = 0;
        for (Map.Entry<Key, Metric> e : live.entrySet()) {
            if (e.getKey().metric() == FerryMetric.CAUGHT_UP) {
                reporting++;
                if (!Integer.valueOf(1).equals(valueOf(e.getValue()))) {
                    return false;
                }
            }
        }
        return splits > 0 && reporting == splits;
    }

    private static Object add(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y ? (Object) (x.doubleValue() + y.doubleValue()) : b;
    }

    private static Object valueOf(Metric m) {
        try {
            if (m instanceof Counter c) {
                return c.getCount();
            }
            return m instanceof Gauge<?> g ? g.getValue() : null;
        } catch (RuntimeException e) {
            LOG.debug("reading a metric failed", e);
            return null;
        }
    }
}
