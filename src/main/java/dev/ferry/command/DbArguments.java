package dev.ferry.command;

import java.nio.charset.StandardCharsets;

/**
 * Where a command line names databases: the db it runs in, and arguments that name another one. {@code [filter]
 * db_map} renumbers both, and a cluster target (db 0 only) can take neither when it is not 0.
 *
 * <p>The arguments are those of Redis's {@code COMMAND DOCS} that hold a db number: {@code MOVE key db},
 * {@code COPY source destination DB db}, {@code SWAPDB index1 index2} and {@code SELECT index} (the replication
 * stream folds SELECTs into each command's db, so it only shows up here when sent as a command of its own).
 * {@code MIGRATE}'s destination-db is a db of another server, not of the target, and is left alone.
 */
public final class DbArguments {
    private static final byte[] MOVE = ascii("move");
    private static final byte[] COPY = ascii("copy");
    private static final byte[] SWAPDB = ascii("swapdb");
    private static final byte[] SELECT = ascii("select");
    private static final byte[] FLUSHDB = ascii("flushdb");
    private static final byte[] DB = ascii("db");
    private static final byte[] REPLACE = ascii("replace");
    private static final int[] NONE = new int[0];

    private DbArguments() {}

    /** The argv indexes that hold a db number, in order; none when the command has no such argument. */
    public static int[] positions(byte[][] argv) {
        if (argv.length == 0) {
            return NONE;
        }
        byte[] name = argv[0];
        if (Ascii.equalsIgnoreCase(name, MOVE) && argv.length == 3) {
            return new int[] {2};
        }
        if (Ascii.equalsIgnoreCase(name, SWAPDB) && argv.length == 3) {
            return new int[] {1, 2};
        }
        if (Ascii.equalsIgnoreCase(name, SELECT) && argv.length == 2) {
            return new int[] {1};
        }
        if (Ascii.equalsIgnoreCase(name, COPY)) {
            return copyDb(argv);
        }
        return NONE;
    }

    /** COPY source destination [DB destination-db] [REPLACE], options in any order, as Redis reads them. */
    private static int[] copyDb(byte[][] argv) {
        int at = -1;
        for (int i = 3; i < argv.length; i++) {
            if (Ascii.equalsIgnoreCase(argv[i], DB) && i + 1 < argv.length) {
                at = ++i;
            } else if (!Ascii.equalsIgnoreCase(argv[i], REPLACE)) {
                return NONE; // a syntax error: the source refused it and never replicated it
            }
        }
        return at < 0 ? NONE : new int[] {at};
    }

    /**
     * Whether the command acts on the db it runs in: it touches keys, or empties that db. Keyless commands such as
     * FLUSHALL, FUNCTION LOAD or SCRIPT LOAD act on the whole server, whichever db the source client had selected.
     */
    public static boolean actsOnItsDb(byte[][] argv, int[] keyIndexes) {
        return keyIndexes.length > 0 || (argv.length > 0 && Ascii.equalsIgnoreCase(argv[0], FLUSHDB));
    }

    /** The db number an argument holds, or -1 when it holds none (the source would have refused the command). */
    public static int parse(byte[] arg) {
        long n = KeyFinder.parseCount(arg);
        return n <= Integer.MAX_VALUE ? (int) n : -1;
    }

    public static byte[] format(int db) {
        return ascii(Integer.toString(db));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
