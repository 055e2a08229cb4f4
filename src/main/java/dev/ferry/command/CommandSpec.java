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

    /**
     * How many arguments each key brings when this command is a set of independent operations, one per key
     * ({@code DEL k1 k2}: 1; {@code MSET k1 v1 k2 v2}: 2), else 0. Read off the key specs: a single spec that starts
     * at argv[1] and runs to the end of argv in steps (so every argument belongs to exactly one key's group and no
     * option applies to all keys), and whose flags say what happens to each key depends on that key's group alone:
     * it is removed ({@code RM}+{@code delete}), overwritten ({@code OW}+{@code update}), or not read at all
     * ({@code RO} without {@code access}). MSETNX is {@code OW}+{@code insert}: all or nothing, so it is not one.
     */
    public int perKeyArgs() {
        if (keySpecs.size() != 1) {
            return 0;
        }
        KeySpec spec = keySpecs.get(0);
        boolean fromFirstToLast = spec.begin() instanceof KeySpec.BeginSearch.Index i && i.index() == 1
                && spec.find() instanceof KeySpec.FindKeys.Range r && r.lastKey() == -1 && r.limit() == 0;
        boolean independent = spec.has("RM") && spec.has("delete")
                || spec.has("OW") && spec.has("update")
                || spec.has("RO") && !spec.has("access");
        return fromFirstToLast && independent && !spec.isNotKey() ? ((KeySpec.FindKeys.Range) spec.find()).step() : 0;
    }

    /** The argv indexes of the keys of this command line, in Redis's order; empty when argv is malformed. */
    public int[] keyIndexes(byte[][] argv) {
        return KeyFinder.keyIndexes(this, argv);
    }
}
