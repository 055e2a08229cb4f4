package dev.ferry.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One command to apply on the target as it is, such as a replicated write or a function library from a
 * snapshot ({@code FUNCTION LOAD <code>}).
 *
 * @param db          database the command runs in
 * @param argv        the command and its arguments
 * @param keyIndexes  positions in {@code argv} that hold keys, in order (from the command table)
 * @param splitId     the source split this came from
 * @param position    where in the split (replication offset just after the command, or RDB byte offset)
 *
 * <p>Arrays are read-only once built, as for {@link KeyEvent}; equality is by content.
 */
public record CommandEvent(int db, byte[][] argv, int[] keyIndexes, String splitId, long position) implements RedisEvent {

    private static final byte[] NO_KEY = new byte[0];

    public static CommandEvent of(int db, String splitId, long position, int[] keyIndexes, byte[]... argv) {
        return new CommandEvent(db, argv, keyIndexes, splitId, position);
    }

    /** The command name, upper-cased (ASCII). */
    public String name() {
        return new String(argv[0], StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT);
    }

    public byte[] key(int i) {
        return argv[keyIndexes[i]];
    }

    @Override
    public byte[] routingKey() {
        return keyIndexes.length == 0 ? NO_KEY : argv[keyIndexes[0]];
    }

    /** The command for logs and error messages, each argument printable and long ones cut. */
    public String printable() {
        return Arrays.stream(argv).map(Printable::of).collect(Collectors.joining(" "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandEvent c
                && db == c.db
                && position == c.position
                && Arrays.deepEquals(argv, c.argv)
                && Arrays.equals(keyIndexes, c.keyIndexes)
                && java.util.Objects.equals(splitId, c.splitId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * db + Arrays.deepHashCode(argv)) + Long.hashCode(position);
    }

    @Override
    public String toString() {
        return "CommandEvent[db=" + db + ", argv=" + printable() + ", keyIndexes=" + Arrays.toString(keyIndexes)
                + ", splitId=" + splitId + ", position=" + position + "]";
    }
}
