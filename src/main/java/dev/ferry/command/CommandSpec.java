package dev.ferry.command;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Redis's {@code COMMAND} and {@code COMMAND DOCS} say about one command or sub-command.
 *
 * @param name        lower case, sub-commands as Redis names them ({@code xgroup|create})
 * @param arity       Redis's arity: the exact argc, or -(minimum argc) for variadic commands
 * @param flags       command flags ({@code write}, {@code readonly}, {@code movablekeys}...)
 * @param group       the documentation group ({@code string}, {@code generic}, {@code stream}...)
 * @param keySpecs    where the keys are, in Redis's order (which is also the order of the keys found)
 * @param subcommands by lower-case sub-command name ({@code create}), empty for ordinary commands
 */
public record CommandSpec(String name, int arity, Set<String> flags, String group, List<KeySpec> keySpecs,
                          Map<String, CommandSpec> subcommands) {

    public CommandSpec {
        flags = Set.copyOf(flags);
        keySpecs = List.copyOf(keySpecs);
        subcommands = Map.copyOf(subcommands);
    }

    public boolean isWrite() {
        return flags.contains("write");
    }

    public boolean hasSubcommands() {
        return !subcommands.isEmpty();
    }

    /** The argv indexes of the keys of this command line, in Redis's order; empty when argv is malformed. */
    public int[] keyIndexes(byte[][] argv) {
        return KeyFinder.keyIndexes(this, argv);
    }
}
