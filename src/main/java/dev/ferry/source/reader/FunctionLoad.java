package dev.ferry.source.reader;

import dev.ferry.event.CommandEvent;
import dev.ferry.rdb.RdbRecord;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.flink.annotation.Internal;

/** A function library from a snapshot or a live source, as the {@code FUNCTION LOAD <code>} that recreates it on the target. */
@Internal
final class FunctionLoad {
    private static final byte[] FUNCTION = "FUNCTION".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOAD = "LOAD".getBytes(StandardCharsets.US_ASCII);
    private static final int[] NO_KEYS = new int[0];

    private FunctionLoad() {}

    static CommandEvent of(RdbRecord.Function fn, String splitId, long position) {
        return of(code(fn), splitId, position);
    }

    /** @param code the library's source with its {@code #!engine name=...} header, as FUNCTION LIST WITHCODE gives it */
    static CommandEvent of(byte[] code, String splitId, long position) {
        return new CommandEvent(0, new byte[][] {FUNCTION, LOAD, code}, NO_KEYS, splitId, position);
    }

    /**
     * The GA format stores the whole source with its {@code #!engine name=...} header; the 7.0 release
     * candidates stored the name and engine apart, and FUNCTION LOAD needs them back in the header.
     */
    private static byte[] code(RdbRecord.Function fn) {
        if (fn.name() == null) {
            return fn.code();
        }
        byte[] header = ("#!" + fn.engine().toLowerCase(Locale.ROOT) + " name=" + fn.name() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] code = new byte[header.length + fn.code().length];
        System.arraycopy(header, 0, code, 0, header.length);
        System.arraycopy(fn.code(), 0, code, header.length, fn.code().length);
        return code;
    }
}
