package dev.ferry.metrics;

import static dev.ferry.metrics.FerryMetric.COMMANDS_READ;
import static dev.ferry.metrics.FerryMetric.COMMANDS_WRITTEN;
import static dev.ferry.metrics.FerryMetric.KEYS_WRITTEN;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The status endpoint's JSON document, shaped like RedisShake's ({@code start_time}, {@code consistent},
 * {@code total_entries_count}, {@code per_cmd_entries_count}, {@code reader}, {@code writer}) with Ferry's progress
 * added. Counts are entries: keys of a snapshot and replicated commands; writes are what the target acknowledged.
 */
final class StatusDocument {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private StatusDocument() {}

    static ObjectNode of(Instant started, RunMonitor.Sample s) {
        MetricsSnapshot now = s.now();
        MetricsSnapshot earlier = s.earlier();
        double seconds = JobProgress.elapsedSeconds(earlier.atMillis(), now.atMillis());
        JobProgress p = s.progress();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("start_time", START.format(started.atZone(ZoneId.systemDefault())));
        doc.put("consistent", p.consistent());
        doc.put("phase", p.phase());
        doc.put("snapshot_percent", round(p.percent()));
        doc.put("snapshot_done", p.done());
        doc.put("snapshot_total", p.total());
        doc.put("snapshot_unit", p.unit());
        doc.put("eta_seconds", p.etaSeconds());
        ObjectNode total = doc.putObject("total_entries_count");
        total.put("read_count", JobProgress.read(now));
        total.put("read_ops", round(p.readPerSecond()));
        total.put("write_count", p.keysWritten() + p.commandsWritten());
        total.put("write_ops", round(p.keysPerSecond() + p.commandsPerSecond()));
        entries(doc.putObject("per_cmd_entries_count"), now.byLabel(COMMANDS_READ), earlier.byLabel(COMMANDS_READ), seconds);
        entries(doc.putObject("per_type_keys_count"), now.byLabel(FerryMetric.KEYS_READ_BY_TYPE),
                earlier.byLabel(FerryMetric.KEYS_READ_BY_TYPE), seconds);
        ObjectNode conflicts = doc.putObject("conflicts");
        now.conflictsByAction().forEach(conflicts::put);
        conflicts.put("expired_skipped", now.total(FerryMetric.EXPIRED_SKIPPED));
        conflicts.put("identical_skipped", now.total(FerryMetric.IDENTICAL_SKIPPED));
        readers(doc.putArray("reader"), now);
        writers(doc.putArray("writer"), now);
        return doc;
    }

    private static void entries(ObjectNode into, Map<String, Long> now, Map<String, Long> earlier, double seconds) {
        now.forEach((name, count) -> {
            ObjectNode e = into.putObject(name);
            e.put("read_count", count);
            e.put("read_ops", round(JobProgress.rate(count, earlier.getOrDefault(name, 0L), seconds)));
        });
    }

    private static void readers(ArrayNode into, MetricsSnapshot now) {
        for (String split : now.splits()) {
            ObjectNode r = into.addObject();
            r.put("split", split);
            r.put("phase", String.valueOf(now.of(FerryMetric.PHASE, split)));
            put(r, "snapshot_percent", now.of(FerryMetric.SNAPSHOT_PERCENT, split));
            put(r, "snapshot_bytes_parsed", now.of(FerryMetric.SNAPSHOT_BYTES_PARSED, split));
            put(r, "snapshot_bytes_total", now.of(FerryMetric.SNAPSHOT_BYTES_TOTAL, split));
            put(r, "snapshot_keys_scanned", now.of(FerryMetric.SNAPSHOT_KEYS_SCANNED, split));
            put(r, "snapshot_keys_total", now.of(FerryMetric.SNAPSHOT_KEYS_TOTAL, split));
            put(r, "lag_bytes", now.of(FerryMetric.LAG_BYTES, split));
            put(r, "lag_ms", now.of(FerryMetric.LAG_MS, split));
            put(r, "spool_bytes", now.of(FerryMetric.SPOOL_BYTES, split));
            Object caughtUp = now.of(FerryMetric.CAUGHT_UP, split);
            if (caughtUp instanceof Number n) {
                r.put("caught_up", n.intValue() == 1);
            }
        }
    }

    private static void writers(ArrayNode into, MetricsSnapshot now) {
        Map<Integer, Long> sent = now.bySubtask(FerryMetric.KEYS_SENT);
        Map<Integer, Long> keysWritten = now.bySubtask(KEYS_WRITTEN);
        Map<Integer, Long> commandsSent = now.bySubtask(FerryMetric.COMMANDS_SENT);
        Map<Integer, Long> commandsWritten = now.bySubtask(COMMANDS_WRITTEN);
        Map<Integer, Long> redirects = now.bySubtask(FerryMetric.TARGET_REDIRECTS);
        Map<Integer, Long> retries = now.bySubtask(FerryMetric.TARGET_RETRIES);
        Map<Integer, Long> reconnects = now.bySubtask(FerryMetric.TARGET_RECONNECTS);
        for (Integer subtask : sent.keySet()) {
            ObjectNode w = into.addObject();
            w.put("subtask", subtask);
            w.put("keys_sent", sent.get(subtask));
            w.put("keys_written", keysWritten.getOrDefault(subtask, 0L));
            w.put("commands_sent", commandsSent.getOrDefault(subtask, 0L));
            w.put("commands_written", commandsWritten.getOrDefault(subtask, 0L));
            w.put("redirects", redirects.getOrDefault(subtask, 0L));
            w.put("retries", retries.getOrDefault(subtask, 0L));
            w.put("reconnects", reconnects.getOrDefault(subtask, 0L));
        }
    }

    /** A gauge's value as a JSON number; absent when the split does not report it. */
    private static void put(ObjectNode r, String field, Object value) {
        if (value instanceof Number n) {
            if (n instanceof Double || n instanceof Float) {
                r.put(field, round(n.doubleValue()));
            } else {
                r.put(field, n.longValue());
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
