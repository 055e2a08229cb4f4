package dev.ferry.cli.run;

import dev.ferry.ordering.FilterStep;
import dev.ferry.sink.RedisWriterOperator;
import java.io.PrintStream;
import java.nio.file.Path;
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

    public double keysPerSecond() {
        return millis == 0 ? 0 : written * 1000.0 / millis;
    }

    void print(PrintStream out, Path conflictsFile) {
        out.printf("Migration finished: job ran %.1f s%n", millis / 1000.0);
        out.printf("  keys from source     %,14d%n", received);
        out.printf("  keys written         %,14d  (%,d bytes of DUMP payload)%n", written, bytes);
        out.printf("    by RESTORE         %,14d%n", written - writtenByCommands);
        out.printf("    by commands        %,14d  (too big for RESTORE, or encoded for a newer Redis than the target)%n",
                writtenByCommands);
        out.printf("  commands written     %,14d  (function libraries, replicated writes)%n", commands);
        out.printf("  expired, not written %,14d%n", expired);
        out.printf("  filtered out, keys   %,14d  ([filter] rules)%n", keysFiltered);
        out.printf("  filtered out, cmds   %,14d  ([filter] rules; MULTI/EXEC blocks count their commands)%n", commandsFiltered);
        out.printf("  partly allowed, not written %,7d  (commands on allowed and filtered keys that cannot be cut per key)%n",
                partlyAllowed);
        if (functionDropped + functionEmitted > 0) {
            out.printf("  dropped by function  %,14d  (keys and commands the [filter] function passed nothing on for)%n",
                    functionDropped);
            out.printf("  from the function    %,14d  (keys and commands it passed to shake.call)%n", functionEmitted);
        }
        out.printf("  identical on target  %,14d%n", identical);
        out.printf("  conflicts rewritten  %,14d%n", rewritten);
        out.printf("  conflicts skipped    %,14d%n", skipped);
        out.printf("  unsupported, skipped %,14d  (the target cannot hold them)%n", unsupported);
        out.printf("  cross-slot, skipped  %,14d  (replicated commands a cluster cannot run: keys in different slots)%n", crossSlot);
        if (rewritten + skipped + unsupported + crossSlot > 0) {
            out.printf("  (conflicts listed in %s)%n", conflictsFile);
        }
        out.printf("  throughput           %,14.0f keys/s%n", keysPerSecond());
        if (writingMillis > 0) {
            out.printf("  steady state         %,14.0f keys/s  (first write to last acknowledgement, %.1f s)%n",
                    written * 1000.0 / writingMillis, writingMillis / 1000.0);
        }
    }
}
