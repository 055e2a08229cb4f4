package dev.ferry.metrics;

import static dev.ferry.metrics.FerryMetric.COMMANDS_READ;
import static dev.ferry.metrics.FerryMetric.COMMANDS_WRITTEN;
import static dev.ferry.metrics.FerryMetric.KEYS_READ;
import static dev.ferry.metrics.FerryMetric.KEYS_WRITTEN;

import java.util.Collection;

/**
 * A whole job's progress at one moment, from two snapshots of its metrics (now, and a few seconds earlier for the
 * rates): what the progress line, the terminal bar, the status endpoint and the report show.
 *
 * @param phase      {@code starting}, {@code snapshot} (RDB files, a replica's snapshot, a scan), {@code streaming},
 *                   {@code reconnecting}, {@code finishing} (every split read, writes still draining) or {@code done}
 * @param percent    of the snapshot read, -1 while its size is unknown (a diskless replica transfer)
 * @param done       bytes (or keys, for a scan) of the snapshot read
 * @param total      the snapshot's size in the same unit; -1 while unknown
 * @param unit       {@code bytes} or {@code keys}
 * @param etaSeconds until the snapshot is read at the current rate; -1 when unknown or not in the snapshot
 * @param consistent the target has acknowledged everything (a live source: every split caught up; a bounded one: done)
 */
public record JobProgress(String phase, double percent, long done, long total, String unit, double readPerSecond,
                          double keysPerSecond, double commandsPerSecond, long etaSeconds, long keysWritten,
                          long commandsWritten, long conflicts, long lagBytes, long lagMs, boolean consistent) {

    /**
     * @param snapshotBytes what the sources' snapshot holds when known before any split opens (the RDB files' sizes),
     *                      else 0
     */
    public static JobProgress of(MetricsSnapshot now, MetricsSnapshot earlier, long snapshotBytes, boolean finished,
                                 boolean consistent) {
        long read = read(now);
        boolean byKeys = !now.byLabel(FerryMetric.SNAPSHOT_KEYS_TOTAL).isEmpty();
        FerryMetric doneMetric = byKeys ? FerryMetric.SNAPSHOT_KEYS_SCANNED : FerryMetric.SNAPSHOT_BYTES_PARSED;
        long done = now.total(doneMetric);
        long total = total(now, byKeys ? FerryMetric.SNAPSHOT_KEYS_TOTAL : FerryMetric.SNAPSHOT_BYTES_TOTAL, snapshotBytes);
        String phase = finished ? "done" : phase(now);
        if (phase.equals("finishing") && !now.splits().isEmpty() && done < total) {
            phase = "snapshot"; // RDB files whose splits have not opened yet
        }
        double percent;
        if (!phase.equals("snapshot") && !phase.equals("starting")) {
            percent = 100;
        } else if (total < 0) {
            percent = -1;
        } else {
            // a scan may meet more keys than INFO listed at its start; only its end is 100%
            percent = total == 0 ? 0 : Math.min(99.9, 100.0 * done / total);
        }
        double seconds = elapsedSeconds(earlier.atMillis(), now.atMillis());
        double doneRate = rate(done, earlier.total(doneMetric), seconds);
        long eta = phase.equals("snapshot") && total > 0 && doneRate > 0 ? Math.round(Math.max(0, total - done) / doneRate) : -1;
        return new JobProgress(phase, percent, done, total, byKeys ? "keys" : "bytes", rate(read, read(earlier), seconds),
                rate(now.total(KEYS_WRITTEN), earlier.total(KEYS_WRITTEN), seconds),
                rate(now.total(COMMANDS_WRITTEN), earlier.total(COMMANDS_WRITTEN), seconds), eta, now.total(KEYS_WRITTEN),
                now.total(COMMANDS_WRITTEN), now.conflicts(), max(now.byLabel(FerryMetric.LAG_BYTES).values()),
                max(now.byLabel(FerryMetric.LAG_MS).values()), consistent);
    }

    /** Entries read: keys, function libraries and replicated commands. */
    static long read(MetricsSnapshot s) {
        return s.total(KEYS_READ) + s.total(FerryMetric.FUNCTIONS_READ) + s.total(COMMANDS_READ);
    }

    /**
     * The least advanced split's phase: one split still in its snapshot keeps the job there. No split reports before
     * the readers start, and after they end (a stop with a savepoint, a bounded source read to the end).
     */
    private static String phase(MetricsSnapshot now) {
        Collection<String> phases = now.splits().stream().map(s -> String.valueOf(now.of(FerryMetric.PHASE, s))).toList();
        if (phases.isEmpty()) {
            return read(now) == 0 ? "starting" : "finishing";
        }
        for (String p : new String[] {"reconnecting", "snapshot", "streaming"}) {
            if (phases.contains(p)) {
                return p;
            }
        }
        return "finishing";
    }

    /** The splits' total, -1 when one of them does not know its size yet; at least {@code known}. */
    private static long total(MetricsSnapshot now, FerryMetric m, long known) {
        long sum = 0;
        for (long t : now.byLabel(m).values()) {
            if (t < 0) {
                return -1;
            }
            sum += t;
        }
        return Math.max(sum, known);
    }

    /** Seconds from one reading to the next; at least a millisecond, so a rate over two readings stays finite. */
    static double elapsedSeconds(long fromMillis, long toMillis) {
        return Math.max(0.001, (toMillis - fromMillis) / 1000.0);
    }

    /** Per second; never negative, should a count read lower than it did before. */
    static double rate(long now, long before, double seconds) {
        return Math.max(0, now - before) / seconds;
    }

    private static long max(Collection<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The line logged every {@code log_interval} seconds. */
    public String line() {
        StringBuilder b = new StringBuilder("progress: ").append(phase);
        if (phase.equals("snapshot")) {
            b.append(' ').append(percentText());
            if (total >= 0) {
                b.append(String.format(" (%,d of %,d %s)", done, total, unit));
            }
            b.append(String.format(", %,.0f keys/s, ETA %s", keysPerSecond, eta()));
        } else if (!phase.equals("done") && !phase.equals("starting")) {
            b.append(String.format(", %,.0f keys/s, %,.0f commands/s", keysPerSecond, commandsPerSecond));
        }
        if (lagBytes > 0 || lagMs > 0 || phase.equals("streaming")) {
            b.append(String.format(", lag %,d bytes / %,d ms", lagBytes, lagMs));
        }
        b.append(String.format(", written %,d keys + %,d commands, conflicts %,d", keysWritten, commandsWritten, conflicts));
        return consistent && !phase.equals("done") ? b.append(", consistent").toString() : b.toString();
    }

    /** One line for a terminal, {@code width} characters at most, with a bar of the snapshot read. */
    public String bar(int width) {
        int cells = 20;
        int filled = percent < 0 ? 0 : (int) Math.round(cells * Math.min(100, percent) / 100);
        String text = String.format("[%s%s] %6s %s | %,.0f keys/s | %,.0f cmds/s | ETA %s | %,d keys + %,d cmds | conflicts %,d",
                "#".repeat(filled), "-".repeat(cells - filled), percentText(), phase, keysPerSecond, commandsPerSecond, eta(),
                keysWritten, commandsWritten, conflicts);
        if (lagBytes > 0 || lagMs > 0) {
            text += String.format(" | lag %,d ms", lagMs);
        }
        if (consistent) {
            text += " | consistent";
        }
        return text.length() > width ? text.substring(0, width) : text;
    }

    private String percentText() {
        return percent < 0 ? "?%" : String.format("%.1f%%", percent);
    }

    /** {@code 1h02m}, {@code 3m07s}, {@code 45s}, or {@code -}. */
    String eta() {
        if (etaSeconds < 0) {
            return "-";
        }
        long h = etaSeconds / 3600;
        long m = etaSeconds % 3600 / 60;
        long s = etaSeconds % 60;
        return h > 0 ? String.format("%dh%02dm", h, m) : m > 0 ? String.format("%dm%02ds", m, s) : s + "s";
    }
}
