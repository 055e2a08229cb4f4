package dev.ferry.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Ferry's metrics as read at one moment: one reading per metric, split, type or command, and subtask. Counters of
 * tasks that have ended (a finished bounded job, a task restarted after a failure) stay in their totals.
 *
 * @param atMillis when it was read (epoch ms)
 */
public record MetricsSnapshot(long atMillis, List<Reading> readings) {

    /**
     * @param label   the split, type or command; "" for an unlabelled metric
     * @param subtask the subtask index; -1 for split metrics, which are one per split whichever subtask reads it
     * @param value   a Number, or a String for {@link FerryMetric.Kind#STATE}
     */
    public record Reading(FerryMetric metric, String label, int subtask, Object value) {
        double number() {
            return value instanceof Number n ? n.doubleValue() : 0;
        }
    }

    /** The sum over every label and subtask. */
    public long total(FerryMetric m) {
        double sum = 0;
        for (Reading r : readings) {
            if (r.metric() == m) {
                sum += r.number();
            }
        }
        return Math.round(sum);
    }

    /** The sum per label (split, type or command), sorted by label. */
    public Map<String, Long> byLabel(FerryMetric m) {
        return sums(m, Reading::label);
    }

    /** The sum per subtask, sorted by subtask. */
    public Map<Integer, Long> bySubtask(FerryMetric m) {
        return sums(m, Reading::subtask);
    }

    private <K> Map<K, Long> sums(FerryMetric m, Function<Reading, K> key) {
        Map<K, Long> sums = new TreeMap<>();
        for (Reading r : readings) {
            if (r.metric() == m) {
                sums.merge(key.apply(r), Math.round(r.number()), Long::sum);
            }
        }
        return sums;
    }

    /** The value of a split metric for {@code split}, or null when that split does not report it. */
    public Object of(FerryMetric m, String split) {
        for (Reading r : readings) {
            if (r.metric() == m && r.label().equals(split)) {
                return r.value();
            }
        }
        return null;
    }

    /** The splits that report a phase, sorted. */
    public List<String> splits() {
        return byLabel(FerryMetric.PHASE).keySet().stream().toList();
    }

    /**
     * The total per conflict action ({@link FerryMetric#action()}), in the enum's order: the status document and the
     * report list them in that order.
     */
    public Map<String, Long> conflictsByAction() {
        Map<String, Long> byAction = new LinkedHashMap<>();
        for (FerryMetric m : FerryMetric.values()) {
            if (m.action() != null) {
                byAction.put(m.action(), total(m));
            }
        }
        return byAction;
    }

    /** Conflicts of every action: rewritten, skipped, unsupported on the target, cross-slot. */
    public long conflicts() {
        return conflictsByAction().values().stream().mapToLong(Long::longValue).sum();
    }
}
