package dev.ferry.cli.run;

import dev.ferry.ordering.FilterStep;
import dev.ferry.sink.RedisWriterOperator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The end-of-run summary, from the job's accumulators. Counts are for this run (a resumed run counts its part). */
public record RunSummary(long received, long written, long writtenByCommands, long bytes, long expired, long identical, long rewritten,
                         long skipped, long unsupported, long crossSlot, long commands, long keysFiltered, long commandsFiltered,
                         long partlyAllowed, long functionDropped, long functionEmitted, long millis, long writingMillis) {

    static RunSummary from(Map<String, Object> acc, long millis) {
        return new RunSummary(get(acc, RedisWriterOperator.ACC_RECEIVED), get(acc, RedisWriterOperator.ACC_WRITTEN),
                get(acc, RedisWriterOperator.ACC_WRITTEN_BY_COMMANDS), get(acc, RedisWriterOperator.ACC_BYTES),
                get(acc, RedisWriterOperator.ACC_EXPIRED), get(acc, RedisWriterOperator.ACC_IDENTICAL),
                get(acc, RedisWriterOperator.ACC_REWRITTEN), get(acc, RedisWriterOperator.ACC_SKIPPED),
                get(acc, RedisWriterOperator.ACC_UNSUPPORTED), get(acc, RedisWriterOperator.ACC_CROSS_SLOT),
                get(acc, RedisWriterOperator.ACC_COMMANDS), get(acc, FilterStep.ACC_KEYS), get(acc, FilterStep.ACC_COMMANDS),
                get(acc, FilterStep.ACC_PARTLY_ALLOWED), get(acc, FilterStep.ACC_FUNCTION_DROPPED),
                get(acc, FilterStep.ACC_FUNCTION_EMITTED), millis,
                get(acc, RedisWriterOperator.ACC_LAST_ACK_MS) - get(acc, RedisWriterOperator.ACC_FIRST_WRITE_MS));
    }

    private static long get(Map<String, Object> acc, String name) {
        Object v = acc.get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** Keys from the source handled per second of the job, written or not: a re-run finds most of them identical. */
    public double keysPerSecond() {
        return millis == 0 ? 0 : received * 1000.0 / millis;
    }

    /** One line of the summary: what, how many, and what it means when that needs saying. */
    public record Row(String label, String value, String note) {}

    /** The summary's lines, for the terminal and the report. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(count("keys from source", received, ""));
        rows.add(count("keys written", written, String.format("%,d bytes of DUMP payload", bytes)));
        rows.add(count("  by RESTORE", written - writtenByCommands, ""));
        rows.add(count("  by commands", writtenByCommands, "too big for RESTORE, or encoded for a newer Redis than the target"));
        rows.add(count("commands written", commands, "function libraries, replicated writes"));
        rows.add(count("expired, not written", expired, ""));
        rows.add(count("filtered out, keys", keysFiltered, "[filter] rules"));
        rows.add(count("filtered out, cmds", commandsFiltered, "[filter] rules; MULTI/EXEC blocks count their commands"));
        rows.add(count("partly allowed, not written", partlyAllowed,
                "commands on allowed and filtered keys that cannot be cut per key"));
        if (functionDropped + functionEmitted > 0) {
            rows.add(count("dropped by function", functionDropped,
                    "keys and commands the [filter] function passed nothing on for"));
            rows.add(count("from the function", functionEmitted, "keys and commands it passed to shake.call"));
        }
        rows.add(count("identical on target", identical, ""));
        rows.add(count("conflicts rewritten", rewritten, ""));
        rows.add(count("conflicts skipped", skipped, ""));
        rows.add(count("unsupported, skipped", unsupported, "the target cannot hold them"));
        rows.add(count("cross-slot, skipped", crossSlot, "replicated commands a cluster cannot run: keys in different slots"));
        rows.add(new Row("throughput", String.format("%,.0f", keysPerSecond()), "keys from source/s"));
        if (writingMillis > 0 && written > 0) { // a re-run that found every key identical wrote nothing to rate
            rows.add(new Row("steady state", String.format("%,.0f", written * 1000.0 / writingMillis),
                    String.format("keys/s, first write to last acknowledgement, %.1f s", writingMillis / 1000.0)));
        }
        return rows;
    }

    private static Row count(String label, long value, String note) {
        return new Row(label, String.format("%,d", value), note);
    }

    void print(PrintStream out, Path conflictsFile) {
        out.printf("Migration finished: job ran %.1f s%n", millis / 1000.0);
        for (Row r : rows()) {
            out.printf("  %-27s %14s%s%n", r.label(), r.value(), r.note().isEmpty() ? "" : "  (" + r.note() + ")");
        }
        if (rewritten + skipped + unsupported + crossSlot > 0) {
            out.printf("  (conflicts listed in %s)%n", conflictsFile);
        }
    }
}
