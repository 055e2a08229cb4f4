package dev.ferry.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ferry's metrics in Prometheus's text format, through the Prometheus Java client's data model and writer: one
 * family per {@link FerryMetric#prometheusName()}, summed over subtasks, labelled by split, type, command, or
 * conflict action; a split's phase is a gauge of 1 labelled with the phase.
 */
final class PrometheusText {
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private PrometheusText() {}

    static String contentType() {
        return WRITER.getContentType();
    }

    static void write(MetricsSnapshot snapshot, OutputStream out) throws IOException {
        WRITER.write(out, snapshots(snapshot));
    }

    static MetricSnapshots snapshots(MetricsSnapshot snapshot) {
        Map<String, Map<Labels, Double>> families = new LinkedHashMap<>();
        Map<String, FerryMetric> kinds = new LinkedHashMap<>();
        for (FerryMetric m : FerryMetric.values()) {
            families.putIfAbsent(m.prometheusName(), new LinkedHashMap<>());
            kinds.putIfAbsent(m.prometheusName(), m);
        }
        for (MetricsSnapshot.Reading r : snapshot.readings()) {
            FerryMetric m = r.metric();
            families.get(m.prometheusName()).merge(labels(r), m.kind() == FerryMetric.Kind.STATE ? 1.0 : r.number(), Double::sum);
        }
        List<MetricSnapshot> out = new ArrayList<>();
        families.forEach((name, points) -> {
            if (!points.isEmpty()) {
                out.add(family(kinds.get(name), points));
            }
        });
        return new MetricSnapshots(out);
    }

    private static Labels labels(MetricsSnapshot.Reading r) {
        FerryMetric m = r.metric();
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        if (m.label() != null) {
            names.add(m.label().key());
            values.add(r.label());
        }
        if (m.action() != null) {
            names.add("action");
            values.add(m.action());
        }
        if (m.kind() == FerryMetric.Kind.STATE) {
            names.add("phase");
            values.add(String.valueOf(r.value()));
        }
        return Labels.of(names, values);
    }

    private static MetricSnapshot family(FerryMetric m, Map<Labels, Double> points) {
        if (m.kind() == FerryMetric.Kind.COUNTER) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(m.prometheusName()).help(m.help());
            points.forEach((labels, v) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(v).build()));
            return b.build();
        }
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(m.prometheusName()).help(m.help());
        points.forEach((labels, v) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(v).build()));
        return b.build();
    }
}
