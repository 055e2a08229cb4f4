package dev.ferry.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.event.Printable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The outputs of {@code ferry verify}: the summary table, {@code report.json} and {@code differences.jsonl} (one line
 * per key that differs: {@code {"db","key","kind","detail"}}, the key in printable form, never a value).
 */
public final class VerifyReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerifyReport() {}

    /** Writes {@code dir/report.json} and {@code dir/differences.jsonl}. */
    public static void write(VerifyResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json(r)));
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("differences.jsonl"))) {
            for (Difference d : r.differences()) {
                ObjectNode line = JSON.createObjectNode();
                line.put("db", d.db());
                line.put("key", Printable.of(d.key()));
                line.put("kind", d.kind().label());
                line.put("detail", d.detail());
                out.write(JSON.writeValueAsString(line));
                out.newLine();
            }
        }
    }

    /** The report as one JSON document ({@code --format json} prints it too). */
    public static ObjectNode json(VerifyResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("equal", r.equal());
        n.put("mode", r.options().mode().name());
        n.put("extra", r.options().extra());
        n.put("ttl_tolerance_ms", r.options().ttlToleranceMs());
        n.put("rounds", r.options().rounds());
        n.put("big_key_threshold", r.options().bigKeyThreshold());
        n.put("compared", r.compared());
        n.put("equal_keys", r.equalKeys());
        ObjectNode kinds = n.putObject("differences");
        r.perKind().forEach((k, v) -> kinds.put(k.label(), v));
        r.differingPerRound().forEach(n.putArray("differing_per_round")::add);
        n.put("elapsed_ms", r.elapsedMs());
        n.put("keys_per_second", r.keysPerSecond());
        return n;
    }

    public static void printSummary(VerifyResult r, Path dir, PrintStream out) {
        out.printf(Locale.ROOT, "ferry verify (%s mode, %d round%s)%n", r.options().mode(), r.differingPerRound().size(),
                r.differingPerRound().size() == 1 ? "" : "s");
        row(out, "keys compared", r.compared());
        row(out, "equal", r.equalKeys());
        for (Map.Entry<DifferenceKind, Long> e : r.perKind().entrySet()) {
            if (e.getKey() != DifferenceKind.EXTRA || r.options().extra() || e.getValue() > 0) {
                row(out, e.getKey().label(), e.getValue());
            }
        }
        out.printf(Locale.ROOT, "  %-16s %,14.1f s%n", "time", r.elapsedMs() / 1000.0);
        row(out, "keys/s", r.keysPerSecond());
        out.println(r.equal() ? "EQUAL: the target holds what the source holds"
                : "DIFFERENT: " + r.differences().size() + " key(s) differ, listed in " + dir.resolve("differences.jsonl"));
    }

    private static void row(PrintStream out, String what, long n) {
        out.printf(Locale.ROOT, "  %-16s %,14d%n", what, n);
    }
}
