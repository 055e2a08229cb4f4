package dev.ferry.config;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Section {@code [filter]}: what Ferry leaves out and changes on the way.
 *
 * <pre>
 * [filter]
 * allow_key_prefix = ["user:"]          # RedisShake's allow/block rules
 * block_db = [3]
 * db_map = { "1" = 0, "5" = 0 }         # source db -> target db; dbs not listed keep their number
 * key_prefix_map = { "old:" = "new:" }  # renames keys by prefix, the longest prefix that fits
 * function = "shake.call(DB, ARGV)"     # RedisShake's Lua hook, after the rules and the renaming
 * </pre>
 *
 * @param dbMap        source db → target db, sorted by source db; empty when every db keeps its number
 * @param rules        which keys, dbs and commands are migrated
 * @param keyPrefixMap old key prefix → new prefix; empty when keys keep their names
 * @param function     RedisShake's Lua function, compiled once at load to find its errors; empty when there is none
 */
public record FilterConfig(Map<Integer, Integer> dbMap, FilterRules rules, Map<String, String> keyPrefixMap, String function)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * The highest db number a mapping may name. Redis takes {@code databases} up to 2^31-1, so its db numbers go up
     * to 2^31-2; whether the target really has a db is its own answer to the SELECT before the first write there.
     */
    public static final int MAX_DB = Integer.MAX_VALUE - 1;

    private static final FilterConfig NONE = new FilterConfig(Map.of());

    /** Only a db mapping: every key is migrated under its own name. */
    public FilterConfig(Map<Integer, Integer> dbMap) {
        this(dbMap, FilterRules.none(), Map.of(), "");
    }

    public FilterConfig {
        Objects.requireNonNull(dbMap, "dbMap");
        dbMap.forEach((from, to) -> {
            if (from < 0 || from > MAX_DB || to < 0 || to > MAX_DB) {
                throw new IllegalArgumentException("db_map " + from + " -> " + to + " is outside 0.." + MAX_DB);
            }
        });
        dbMap = Collections.unmodifiableMap(new TreeMap<>(dbMap));
        Objects.requireNonNull(rules, "rules");
        keyPrefixMap = Collections.unmodifiableMap(new TreeMap<>(keyPrefixMap));
        function = function.strip();
    }

    /** No filter: every db keeps its number. */
    public static FilterConfig none() {
        return NONE;
    }

    /** The target db of {@code sourceDb}. */
    public int targetDb(int sourceDb) {
        return dbMap.getOrDefault(sourceDb, sourceDb);
    }

    public boolean mapsDbs() {
        return !dbMap.isEmpty();
    }

    public boolean hasFunction() {
        return !function.isEmpty();
    }

    /** Whether some events are left out, renamed or run through the function (the step before {@code db_map}). */
    public boolean filtersOrRenames() {
        return !rules.isEmpty() || !keyPrefixMap.isEmpty() || hasFunction();
    }
}
