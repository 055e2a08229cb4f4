package dev.ferry.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.command.CommandSpec;
import dev.ferry.command.CommandTable;
import dev.ferry.function.ShakeScript;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads section {@code [filter]}: RedisShake's allow/block rules and function, {@code db_map} and {@code key_prefix_map}. */
final class FilterLoader {
    static final List<String> KEYS = List.of("allow_keys", "allow_key_prefix", "allow_key_suffix", "allow_key_regex",
            "block_keys", "block_key_prefix", "block_key_suffix", "block_key_regex", "allow_db", "block_db",
            "allow_command", "block_command", "allow_command_group", "block_command_group", "function", "db_map",
            "key_prefix_map");

    /** RedisShake's groups that Redis's command table does not have (Tair's data types, Sentinel's commands). */
    private static final Set<String> OTHER_GROUPS = Set.of("tairhash", "tairstring", "tairzset", "sentinel");

    private FilterLoader() {}

    static FilterConfig filter(Section f, String topLevelFunction, RedisWriterConfig writer, LoadContext ctx) {
        String function = function(f, topLevelFunction);
        FilterRules rules = new FilterRules(keyRules(f, "allow"), keyRules(f, "block"), dbs(f, "allow_db"), dbs(f, "block_db"),
                names(f, "allow_command", FilterLoader::command), names(f, "block_command", FilterLoader::command),
                groups(f, "allow_command_group"), groups(f, "block_command_group"));
        FilterConfig filter = new FilterConfig(dbMap(f, writer), rules, keyPrefixMap(f), function);
        boolean present = KEYS.stream().anyMatch(f::has);
        if (present && !filter.mapsDbs() && !filter.filtersOrRenames()) {
            ctx.note("[filter] is ignored: all its rules are empty, so every key is migrated");
        }
        return filter;
    }

    /**
     * {@code [filter] function}, or RedisShake v4.0's top-level {@code function} ({@code topLevel}, already checked to be
     * text, and compiled where it was read): one of them; {@code [filter] function} is compiled here, so a syntax error
     * is a configuration error with Lua's line number.
     */
    private static String function(Section f, String topLevel) {
        JsonNode v = f.get("function");
        if (v != null && !v.isTextual()) {
            throw f.typeError("function", "a string", null);
        }
        String inFilter = v == null ? "" : v.textValue();
        if (!inFilter.isBlank() && !topLevel.isBlank()) {
            throw f.invalid("function", "is set, and so is the top-level function", "keep one of the two scripts");
        }
        String problem = inFilter.isBlank() ? null : ShakeScript.problem(inFilter);
        if (problem != null) {
            throw f.invalid("function", "does not compile: " + problem, "the number after 'function:' is the line in the "
                    + "script; see RedisShake's function API in the README");
        }
        return inFilter.isBlank() ? topLevel : inFilter;
    }

    /** {@code allow_keys}, {@code allow_key_prefix}, {@code allow_key_suffix}, {@code allow_key_regex} (or block_). */
    private static KeyRules keyRules(Section f, String side) {
        List<String> regexes = strings(f, side + "_key_regex");
        for (String regex : regexes) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw f.invalid(side + "_key_regex", "has a bad regular expression \"" + regex + "\": "
                        + e.getDescription() + " near index " + e.getIndex(), "a backslash in a TOML \"string\" is written "
                        + "\\\\, or use a 'literal string' such as '^user:\\d+$'");
            }
        }
        return new KeyRules(strings(f, side + "_keys"), strings(f, side + "_key_prefix"), strings(f, side + "_key_suffix"),
                regexes);
    }

    private static List<String> strings(Section f, String key) {
        JsonNode v = array(f, key, "an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw f.typeError(key, "an array of strings", "element " + Section.describe(e, false) + " is not a string");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static JsonNode array(Section f, String key, String expected) {
        JsonNode v = f.get(key);
        if (v == null) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!v.isArray()) {
            throw f.typeError(key, expected, null);
        }
        return v;
    }

    private static Set<Integer> dbs(Section f, String key) {
        Set<Integer> out = new TreeSet<>();
        for (JsonNode e : array(f, key, "an array of db numbers")) {
            if (!isDbNumber(e)) {
                throw f.invalid(key, "holds " + Section.describe(e, false) + ", which is not a db number from 0 to "
                        + FilterConfig.MAX_DB, "write it like " + key + " = [0, 1]");
            }
            out.add(e.intValue());
        }
        return out;
    }

    private static Set<String> names(Section f, String key, Function<String, String> normalize) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : strings(f, key)) {
            String n = normalize.apply(name);
            if (n == null) {
                throw f.invalid(key, "names \"" + name + "\", which is not a command", "write command names like \"SET\"");
            }
            out.add(n);
        }
        return out;
    }

    private static String command(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.isEmpty() || n.contains(" ") ? null : n;
    }

    /** RedisShake writes groups upper-case with underscores ({@code SORTED_SET}); the table has {@code sorted-set}. */
    private static Set<String> groups(Section f, String key) {
        List<String> written = strings(f, key);
        if (written.isEmpty()) {
            return Set.of();
        }
        Set<String> known = new TreeSet<>(OTHER_GROUPS);
        CommandTable.load().commands().stream().map(CommandSpec::group).forEach(known::add);
        Set<String> out = new LinkedHashSet<>();
        for (String name : written) {
            String g = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (!known.contains(g)) {
                String guess = Suggest.closest(g, known);
                throw f.invalid(key, "names \"" + name + "\", which is not a command group",
                        (guess != null ? "did you mean \"" + shakeName(guess) + "\"? " : "") + "the groups are "
                                + String.join(", ", known.stream().map(FilterLoader::shakeName).toList()));
            }
            out.add(g);
        }
        return out;
    }

    private static String shakeName(String group) {
        return group.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code key_prefix_map = { "old:" = "new:" }}. */
    private static Map<String, String> keyPrefixMap(Section f) {
        ObjectNode table = f.table("key_prefix_map");
        Map<String, String> map = new LinkedHashMap<>();
        if (table == null) {
            return map;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw f.invalid("key_prefix_map", "maps \"" + e.getKey() + "\" to " + Section.describe(e.getValue(), false)
                        + ", which is not a string", "write it like key_prefix_map = { \"old:\" = \"new:\" }");
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }

    /** {@code db_map = { "1" = 0, "5" = 0 }}: source db (a TOML key, so a string) to target db. */
    private static Map<Integer, Integer> dbMap(Section f, RedisWriterConfig writer) {
        ObjectNode table = f.table("db_map");
        Map<Integer, Integer> map = new LinkedHashMap<>();
        if (table == null) {
            return map;
        }
        String range = "0 to " + FilterConfig.MAX_DB + " (Redis's databases setting goes up to 2^31-1)";
        String example = "write it like db_map = { \"1\" = 0, \"5\" = 0 }: source db = target db";
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Integer from = dbNumber(e.getKey());
            if (from == null) {
                throw f.invalid("db_map", "key \"" + e.getKey() + "\" is not a db number from " + range, example);
            }
            JsonNode to = e.getValue();
            if (!isDbNumber(to)) {
                throw f.invalid("db_map", "maps db " + from + " to " + Section.describe(to, false)
                        + ", which is not a db number from " + range, example);
            }
            if (writer.cluster() && to.intValue() != 0) {
                throw f.invalid("db_map", "maps db " + from + " to db " + to.intValue() + ", and [redis_writer] cluster = true: "
                        + "a cluster has only db 0", "map every db to 0, or migrate to a standalone target");
            }
            map.put(from, to.intValue());
        }
        return map;
    }

    private static boolean isDbNumber(JsonNode v) {
        return v.isIntegralNumber() && v.bigIntegerValue().signum() >= 0
                && v.bigIntegerValue().compareTo(BigInteger.valueOf(FilterConfig.MAX_DB)) <= 0;
    }

    /** A decimal db number without sign or leading zeros (so "1" and "01" cannot both be keys), or null. */
    private static Integer dbNumber(String text) {
        if (!text.matches("0|[1-9][0-9]{0,9}")) {
            return null;
        }
        long n = Long.parseLong(text);
        return n <= FilterConfig.MAX_DB ? (int) n : null;
    }
}
