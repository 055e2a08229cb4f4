package dev.ferry.ordering;

import dev.ferry.command.Ascii;
import dev.ferry.command.CommandSpec;
import dev.ferry.command.CommandTable;
import dev.ferry.event.CommandEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * The commands that are a set of independent operations, one per key ({@link CommandSpec#perKeyArgs()}: DEL, UNLINK,
 * MSET...), and how to cut one into a command on some of its keys: each key keeps the arguments that follow it.
 */
final class PerKeyCommands {
    /** By lower-case command name: the arguments each key brings. */
    private final Map<String, Integer> perKeyArgs = new HashMap<>();

    PerKeyCommands(CommandTable table) {
        for (CommandSpec c : table.commands()) {
            if (c.perKeyArgs() > 0) {
                perKeyArgs.put(c.name(), c.perKeyArgs());
            }
        }
    }

    /** Whether {@code c} is such a command and its arguments are exactly its keys' groups. */
    boolean splits(CommandEvent c) {
        int args = argsPerKey(c);
        return args > 0 && c.keyIndexes().length * args == c.argv().length - 1;
    }

    /**
     * The same command (db, split, position) on the keys at {@code keys} (indexes into {@code c.keyIndexes()}, in
     * order) with their arguments; only for a command that {@link #splits}.
     */
    CommandEvent only(CommandEvent c, int... keys) {
        int args = argsPerKey(c);
        byte[][] argv = new byte[1 + keys.length * args][];
        int[] keyIndexes = new int[keys.length];
        argv[0] = c.argv()[0];
        for (int i = 0; i < keys.length; i++) {
            keyIndexes[i] = 1 + i * args;
            System.arraycopy(c.argv(), c.keyIndexes()[keys[i]], argv, keyIndexes[i], args);
        }
        return new CommandEvent(c.db(), argv, keyIndexes, c.splitId(), c.position());
    }

    private int argsPerKey(CommandEvent c) {
        return perKeyArgs.getOrDefault(Ascii.lower(c.argv()[0]), 0);
    }
}
