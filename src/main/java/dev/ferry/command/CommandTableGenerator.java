package dev.ferry.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.resp.RespError;

/**
 * Writes {@value #RESOURCE} from what a real redis-server says about its commands: {@code COMMAND} (arity, flags,
 * key specs, sub-commands) and {@code COMMAND DOCS} (the group). Run by a maintainer when Ferry should know a
 * newer Redis:
 *
 * <pre>
 * mvn -q -o compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:$(cat target/cp.txt) dev.ferry.command.CommandTableGenerator [host:port] [output]
 * </pre>
 *
 * A password for the address is taken from {@code REDISCLI_AUTH}, as redis-cli does. Without an address it starts
 * the embedded Redis 7.0 (the one {@code CommandTableTest} compares the checked-in
 * file with). The output is deterministic: one command per line, sorted by name, so a regeneration diffs cleanly.
 */
public final class CommandTableGenerator {
    public static final String RESOURCE = "dev/ferry/command/commands.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CommandTableGenerator() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 1 ? args[1] : "src/main/resources/" + RESOURCE);
        String json;
        if (args.length > 0) {
            String[] hostPort = args[0].split(":");
            RedisEndpoint ep = new RedisEndpoint(hostPort[0], Integer.parseInt(hostPort[1]), null,
                    System.getenv("REDISCLI_AUTH"), TlsSettings.OFF, "the generator's source");
            try (RedisConnection c = RedisConnection.open(ep, 30_000)) {
                json = generate(c);
            }
        } else {
            try (LocalRedisServer server = LocalRedisServer.start(RedisBinary.redis70());
                 RedisConnection c = RedisConnection.open(new RedisEndpoint(server.host(), server.port(), null, null,
                         TlsSettings.OFF, "embedded Redis"), 30_000)) {
                json = generate(c);
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json, StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** The table as JSON text, from the server behind {@code c}. */
    public static String generate(RedisConnection c) throws IOException {
        String version = serverVersion(c);
        Map<String, String> groups = new HashMap<>();
        collectGroups(asList(call(c, "COMMAND", "DOCS")), groups);
        Map<String, ObjectNode> commands = new TreeMap<>();
        for (Object entry : asList(call(c, "COMMAND"))) {
            List<?> info = asList(entry);
            commands.put(text(info.get(0)), command(info, groups));
        }
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        sb.append("  \"redis_version\": ").append(JSON.writeValueAsString(version)).append(",\n");
        sb.append("  \"generated_by\": \"").append(CommandTableGenerator.class.getName())
                .append(" from COMMAND and COMMAND DOCS\",\n");
        sb.append("  \"commands\": {\n");
        int i = 0;
        for (Map.Entry<String, ObjectNode> e : commands.entrySet()) {
            sb.append("    ").append(JSON.writeValueAsString(e.getKey())).append(": ")
                    .append(JSON.writeValueAsString(e.getValue()))
                    .append(++i < commands.size() ? ",\n" : "\n");
        }
        sb.append("  }\n}\n");
        return sb.toString();
    }

    private static ObjectNode command(List<?> info, Map<String, String> groups) {
        String name = text(info.get(0));
        ObjectNode node = NODES.objectNode();
        node.put("arity", (Long) info.get(1));
        node.set("flags", strings(asList(info.get(2))));
        node.put("group", groups.getOrDefault(name, ""));
        ArrayNode specs = NODES.arrayNode();
        for (Object spec : asList(info.get(8))) {
            specs.add(keySpec(pairs(spec)));
        }
        node.set("key_specs", specs);
        List<?> subs = asList(info.get(9));
        if (!subs.isEmpty()) {
            Map<String, ObjectNode> byName = new TreeMap<>();
            for (Object sub : subs) {
                List<?> subInfo = asList(sub);
                String full = text(subInfo.get(0));
                byName.put(full.substring(full.indexOf('|') + 1), command(subInfo, groups));
            }
            ObjectNode subNode = NODES.objectNode();
            byName.forEach(subNode::set);
            node.set("subcommands", subNode);
        }
        return node;
    }

    private static ObjectNode keySpec(Map<String, Object> spec) {
        ObjectNode node = NODES.objectNode();
        node.set("flags", strings(asList(spec.get("flags"))));
        node.set("begin_search", search(pairs(spec.get("begin_search"))));
        node.set("find_keys", search(pairs(spec.get("find_keys"))));
        return node;
    }

    /** {@code type, index, spec, [index, 1]} becomes {@code {"type":"index","index":1}}. */
    private static ObjectNode search(Map<String, Object> typed) {
        ObjectNode node = NODES.objectNode();
        node.put("type", text(typed.get("type")));
        pairs(typed.get("spec")).forEach((k, v) -> {
            if (v instanceof Long n) {
                node.put(k, n);
            } else {
                node.put(k, text(v));
            }
        });
        return node;
    }

    private static void collectGroups(List<?> docs, Map<String, String> groups) {
        for (int i = 0; i + 1 < docs.size(); i += 2) {
            Map<String, Object> doc = pairs(docs.get(i + 1));
            groups.put(text(docs.get(i)), text(doc.get("group")));
            if (doc.containsKey("subcommands")) {
                collectGroups(asList(doc.get("subcommands")), groups);
            }
        }
    }

    private static String serverVersion(RedisConnection c) throws IOException {
        for (String line : text(call(c, "INFO", "server")).split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).trim();
            }
        }
        throw new IOException("no redis_version in INFO server");
    }

    private static Object call(RedisConnection c, String... args) throws IOException {
        Object reply = c.call(args);
        if (reply instanceof RespError e) {
            throw new IOException(String.join(" ", args) + " failed: " + e.message()
                    + " (the generator needs Redis 7.0 or newer)");
        }
        return reply;
    }

    private static Map<String, Object> pairs(Object flat) {
        List<?> l = asList(flat);
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < l.size(); i += 2) {
            m.put(text(l.get(i)), l.get(i + 1));
        }
        return m;
    }

    private static ArrayNode strings(List<?> items) {
        ArrayNode a = NODES.arrayNode();
        for (Object o : items) {
            a.add(text(o));
        }
        return a;
    }

    private static List<?> asList(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
