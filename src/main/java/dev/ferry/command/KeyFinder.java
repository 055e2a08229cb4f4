package dev.ferry.command;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds a command line's keys from its key specs the way Redis 7 does ({@code getKeysUsingKeySpecs} in db.c),
 * falling back to {@link ComputedKeys} for the commands whose specs Redis itself marks unknown or incomplete.
 */
final class KeyFinder {
    private static final int[] NONE = new int[0];

    private KeyFinder() {}

    static int[] keyIndexes(CommandSpec command, byte[][] argv) {
        if (needsComputedKeys(command)) {
            int[] computed = ComputedKeys.keyIndexes(command.name(), argv);
            if (computed != null) {
                return computed;
            }
        }
        int[] out = new int[4];
        int n = 0;
        for (KeySpec spec : command.keySpecs()) {
            if (spec.isNotKey() || spec.isIncomplete()) {
                continue; // incomplete ones were ComputedKeys' job; Unknown searches are always incomplete
            }
            int first = firstKey(spec.begin(), argv);
            if (first < 0) {
                continue; // keyword absent: this optional key is not there
            }
            int last;
            int step;
            if (spec.find() instanceof KeySpec.FindKeys.Range r) {
                step = r.step();
                if (r.lastKey() >= 0) {
                    last = first + r.lastKey();
                } else if (r.limit() == 0) {
                    last = argv.length + r.lastKey();
                } else {
                    last = first + (argv.length - first) / r.limit() + r.lastKey();
                }
            } else {
                KeySpec.FindKeys.KeyNum k = (KeySpec.FindKeys.KeyNum) spec.find();
                step = k.step();
                int at = first + k.keyNumIndex();
                long numKeys = at < argv.length ? parseCount(argv[at]) : -1;
                if (numKeys < 0) {
                    return NONE;
                }
                if (numKeys == 0) {
                    continue; // EVAL script 0: Redis reports no keys either
                }
                first += k.firstKey();
                last = (int) Math.min(Integer.MAX_VALUE, first + numKeys - 1);
            }
            if (first >= argv.length || last >= argv.length || last < first || step <= 0) {
                return NONE; // argv does not fit the spec: a syntax error Redis would refuse
            }
            for (int i = first; i <= last; i += step) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = i;
            }
        }
        return n == 0 ? NONE : Arrays.copyOf(out, n);
    }

    static boolean needsComputedKeys(CommandSpec command) {
        for (KeySpec spec : command.keySpecs()) {
            if (!spec.isNotKey() && spec.isIncomplete()) {
                return true;
            }
        }
        return false;
    }

    /** The argv index where the keys of this spec start, or -1 when its keyword is absent. */
    private static int firstKey(KeySpec.BeginSearch begin, byte[][] argv) {
        if (begin instanceof KeySpec.BeginSearch.Index i) {
            return i.index();
        }
        return afterKeyword((KeySpec.BeginSearch.Keyword) begin, argv);
    }

    // Redis never looks at the last argument going forward (nothing could follow it) nor at the command's first
    // argument going backward; the bounds below keep exactly its search range.
    private static int afterKeyword(KeySpec.BeginSearch.Keyword k, byte[][] argv) {
        byte[] keyword = k.keyword().getBytes(StandardCharsets.US_ASCII);
        if (k.startFrom() > 0) {
            for (int i = k.startFrom(); i < argv.length - 1; i++) {
                if (Ascii.equalsIgnoreCase(argv[i], keyword)) {
                    return i + 1;
                }
            }
        } else {
            for (int i = argv.length + k.startFrom(); i > 1; i--) {
                if (i < argv.length && Ascii.equalsIgnoreCase(argv[i], keyword)) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** A non-negative decimal count, or -1 when the argument is not one. */
    static long parseCount(byte[] arg) {
        if (arg.length == 0 || arg.length > 18) {
            return -1;
        }
        long v = 0;
        for (byte b : arg) {
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }
}
