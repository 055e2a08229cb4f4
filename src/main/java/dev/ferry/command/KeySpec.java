package dev.ferry.command;

import java.util.Locale;
import java.util.Set;

/**
 * One of a command's Redis 7 key specifications: where the search for keys begins ({@link BeginSearch}) and how
 * the keys are found from there ({@link FindKeys}), with the access flags ({@code RW}, {@code OW}, {@code insert},
 * {@code not_key}, {@code incomplete}...) lower-cased.
 */
public record KeySpec(Set<String> flags, BeginSearch begin, FindKeys find) {

    public KeySpec {
        flags = Set.copyOf(flags);
    }

    public boolean has(String flag) {
        return flags.contains(flag.toLowerCase(Locale.ROOT));
    }

    /** A channel or other non-key argument described like a key (SPUBLISH): never part of a key list. */
    public boolean isNotKey() {
        return has("not_key");
    }

    /** The spec cannot find every key by itself; Redis then asks the command's own key function. */
    public boolean isIncomplete() {
        return has("incomplete") || begin instanceof BeginSearch.Unknown || find instanceof FindKeys.Unknown;
    }

    /** Where the key search starts. */
    public sealed interface BeginSearch {
        /** At a fixed argv index. */
        record Index(int index) implements BeginSearch {}

        /**
         * Just after {@code keyword}, looked for (case-insensitively) from argv index {@code startFrom} towards the
         * end, or from {@code argc + startFrom} towards the start when negative.
         */
        record Keyword(String keyword, int startFrom) implements BeginSearch {}

        record Unknown() implements BeginSearch {}
    }

    /** How the keys are laid out from the first one. */
    public sealed interface FindKeys {
        /**
         * Keys up to {@code lastKey} (relative to the first key; negative counts from the end of argv), every
         * {@code step}-th argument; with {@code limit} > 1 only the first 1/limit of the remaining arguments
         * (XREAD ... STREAMS k1 k2 id1 id2).
         */
        record Range(int lastKey, int step, int limit) implements FindKeys {}

        /** The number of keys is the argument at {@code keyNumIndex}; the keys start {@code firstKey} after it. */
        record KeyNum(int keyNumIndex, int firstKey, int step) implements FindKeys {}

        record Unknown() implements FindKeys {}
    }
}
