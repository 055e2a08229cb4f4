package dev.ferry.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every Redis command's key positions, write flag and group, from the table {@link CommandTableGenerator} wrote
 * out of a real server's {@code COMMAND} metadata. Commands it does not know (module commands, commands newer
 * than the table) are not an error: {@link #find} is empty and {@link #keyIndexes} has no keys.
 */
public final class CommandTable {
    public static final String UNKNOWN_GROUP = "unknown";
    /** {@link #keyIndexes} of an unknown command, for callers that already hold {@link #find}'s result. */
    public static final int[] NO_KEYS = new int[0];

    private final String redisVersion;
    private final Map<String, CommandSpec> commands;

    private CommandTable(String redisVersion, Map<String, CommandSpec> commands) {
        this.redisVersion = redisVersion;
        this.commands = Map.copyOf(commands);
    }

    /** The checked-in table ({@value CommandTableGenerator#RESOURCE}). */
    public static CommandTable load() {
        try (InputStream in = CommandTable.class.getClassLoader().getResourceAsStream(CommandTableGenerator.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CommandTableGenerator.RESOURCE + " is not on the class path");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CommandTableGenerator.RESOURCE, e);
        }
    }

    public static CommandTable read(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        Map<String, CommandSpec> commands = new HashMap<>();
        root.path("commands").fields().forEachRemaining(e -> commands.put(e.getKey(), command(e.getKey(), e.getValue())));
        return new CommandTable(root.path("redis_version").asText(), commands);
    }

    /** The version of the redis-server the table was generated from. */
    public String redisVersion() {
        return redisVersion;
    }

    public Collection<CommandSpec> commands() {
        return commands.values();
    }

    /** The command, or for a container (XGROUP, OBJECT, CONFIG...) the sub-command that argv names. */
    public Optional<CommandSpec> find(byte[][] argv) {
        if (argv.length == 0) {
            return Optional.empty();
        }
        CommandSpec c = commands.get(Ascii.lower(argv[0]));
        if (c != null && c.hasSubcommands() && argv.length > 1) {
            c = c.subcommands().get(Ascii.lower(argv[1]));
        }
        return Optional.ofNullable(c);
    }

    public boolean isKnown(byte[][] argv) {
        return find(argv).isPresent();
    }

    /** argv indexes of the keys, in Redis's order; none for an unknown command. */
    public int[] keyIndexes(byte[][] argv) {
        return find(argv).map(c -> c.keyIndexes(argv)).orElse(NO_KEYS);
    }

    /** False for unknown commands too: the table cannot vouch for them. */
    public boolean isWrite(byte[][] argv) {
        return find(argv).map(CommandSpec::isWrite).orElse(false);
    }

    /** {@code string}, {@code generic}, {@code list}..., or {@value #UNKNOWN_GROUP}. */
    public String group(byte[][] argv) {
        return find(argv).map(CommandSpec::group).orElse(UNKNOWN_GROUP);
    }

    private static CommandSpec command(String name, JsonNode n) {
        List<KeySpec> specs = new ArrayList<>();
        for (JsonNode s : n.path("key_specs")) {
            specs.add(new KeySpec(lowerStrings(s.path("flags")), begin(s.path("begin_search")), find(s.path("find_keys"))));
        }
        Map<String, CommandSpec> subs = new HashMap<>();
        n.path("subcommands").fields().forEachRemaining(e ->
                subs.put(e.getKey(), command(name + "|" + e.getKey(), e.getValue())));
        return new CommandSpec(name, n.path("arity").asInt(), lowerStrings(n.path("flags")), n.path("group").asText(),
                specs, subs);
    }

    private static KeySpec.BeginSearch begin(JsonNode n) {
        return switch (n.path("type").asText()) {
            case "index" -> new KeySpec.BeginSearch.Index(n.path("index").asInt());
            case "keyword" -> new KeySpec.BeginSearch.Keyword(n.path("keyword").asText(), n.path("startfrom").asInt());
            default -> new KeySpec.BeginSearch.Unknown();
        };
    }

    private static KeySpec.FindKeys find(JsonNode n) {
        return switch (n.path("type").asText()) {
            case "range" -> new KeySpec.FindKeys.Range(n.path("lastkey").asInt(), n.path("keystep").asInt(),
                    n.path("limit").asInt());
            case "keynum" -> new KeySpec.FindKeys.KeyNum(n.path("keynumidx").asInt(), n.path("firstkey").asInt(),
                    n.path("keystep").asInt());
            default -> new KeySpec.FindKeys.Unknown();
        };
    }

    private static Set<String> lowerStrings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode f : array) {
            out.add(f.asText().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }
}
