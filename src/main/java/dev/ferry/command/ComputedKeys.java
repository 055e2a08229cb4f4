package dev.ferry.command;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Keys of the commands whose key specs Redis 7 itself cannot follow (begin_search "unknown" or the INCOMPLETE
 * flag): Redis then runs a per-command C function ({@code sortGetKeys}, {@code sortROGetKeys},
 * {@code migrateGetKeys} in db.c), and so do we. {@code CommandTableTest} fails if the generated table ever has
 * another command with such specs, so a new one cannot slip in unnoticed.
 */
final class ComputedKeys {
    private static final byte[] LIMIT = ascii("limit");
    private static final byte[] GET = ascii("get");
    private static final byte[] BY = ascii("by");
    private static final byte[] STORE = ascii("store");
    private static final byte[] KEYS = ascii("keys");
    private static final byte[] AUTH = ascii("auth");
    private static final byte[] AUTH2 = ascii("auth2");

    private ComputedKeys() {}

    /** The key indexes, or null when this command has no computed form. */
    static int[] keyIndexes(String command, byte[][] argv) {
        return switch (command) {
            case "sort" -> sort(argv);
            case "sort_ro" -> argv.length > 1 ? new int[] {1} : new int[0];
            case "migrate" -> migrate(argv);
            default -> null;
        };
    }

    /** The commands with a computed form (what the guard test checks the table against). */
    static final Set<String> COMMANDS = Set.of("sort", "sort_ro", "migrate");

    // SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination]:
    // BY/GET patterns name keys only through the sorted values, so like Redis we report the sorted key and the
    // last STORE destination.
    private static int[] sort(byte[][] argv) {
        if (argv.length < 2) {
            return new int[0];
        }
        int store = -1;
        for (int i = 2; i < argv.length; i++) {
            if (Ascii.equalsIgnoreCase(argv[i], LIMIT)) {
                i += 2;
            } else if (Ascii.equalsIgnoreCase(argv[i], GET) || Ascii.equalsIgnoreCase(argv[i], BY)) {
                i += 1;
            } else if (Ascii.equalsIgnoreCase(argv[i], STORE) && i + 1 < argv.length) {
                store = i + 1;
            }
        }
        return store < 0 ? new int[] {1} : new int[] {1, store};
    }

    // MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS key ...]
    private static int[] migrate(byte[][] argv) {
        if (argv.length < 6) {
            return new int[0];
        }
        for (int i = 6; i < argv.length; i++) {
            if (Ascii.equalsIgnoreCase(argv[i], KEYS)) {
                if (argv[3].length > 0) {
                    return new int[0]; // a key and KEYS together: Redis refuses the command
                }
                int[] keys = new int[argv.length - i - 1];
                for (int k = 0; k < keys.length; k++) {
                    keys[k] = i + 1 + k;
                }
                return keys;
            }
            if (Ascii.equalsIgnoreCase(argv[i], AUTH)) {
                i += 1; // the password could be spelled "keys"
            } else if (Ascii.equalsIgnoreCase(argv[i], AUTH2)) {
                i += 2;
            }
        }
        return new int[] {3};
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
