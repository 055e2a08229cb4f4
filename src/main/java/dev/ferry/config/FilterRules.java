package dev.ferry.config;

import java.io.Serial;
import java.io.Serializable;
import java.util.Set;

/**
 * RedisShake's {@code [filter]} allow/block rules. A block rule that matches drops the entry; an allow list that is
 * set lets through only what it names, an empty one everything. The four key rules of a side form one list (a key
 * is allowed when any {@code allow_key*} rule names it). Commands and groups are kept lower-case, groups as the
 * command table spells them ({@code sorted-set} for RedisShake's {@code SORTED_SET}).
 */
public record FilterRules(KeyRules allowKeys, KeyRules blockKeys, Set<Integer> allowDb, Set<Integer> blockDb,
                          Set<String> allowCommand, Set<String> blockCommand, Set<String> allowCommandGroup,
                          Set<String> blockCommandGroup) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final FilterRules NONE = new FilterRules(KeyRules.none(), KeyRules.none(), Set.of(), Set.of(), Set.of(),
            Set.of(), Set.of(), Set.of());

    public FilterRules {
        allowDb = Set.copyOf(allowDb);
        blockDb = Set.copyOf(blockDb);
        allowCommand = Set.copyOf(allowCommand);
        blockCommand = Set.copyOf(blockCommand);
        allowCommandGroup = Set.copyOf(allowCommandGroup);
        blockCommandGroup = Set.copyOf(blockCommandGroup);
    }

    public static FilterRules none() {
        return NONE;
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    public boolean allowsDb(int db) {
        return !blockDb.contains(db) && (allowDb.isEmpty() || allowDb.contains(db));
    }
}
