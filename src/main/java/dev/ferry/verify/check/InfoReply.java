package dev.ferry.verify.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** The {@code field:value} lines of an INFO reply, and its keyspace lines ({@code db0:keys=12,expires=0,...}). */
final class InfoReply {
    private final Map<String, String> fields = new HashMap<>();
    private final Map<Integer, Long> keysPerDb = new TreeMap<>();
    private final List<String> replicas = new ArrayList<>();

    private InfoReply() {}

    static InfoReply parse(String text) {
        InfoReply r = new InfoReply();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("#") || colon < 0) {
                continue;
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            r.fields.put(name, value);
            if (name.matches("db\\d+") && value.startsWith("keys=")) {
                int comma = value.indexOf(',');
                r.keysPerDb.put(Integer.parseInt(name.substring(2)),
                        Long.parseLong(value.substring("keys=".length(), comma < 0 ? value.length() : comma)));
            }
            if (name.matches("slave\\d+")) {
                r.replicas.add(replica(value));
            }
        }
        return r;
    }

    String get(String field) {
        return fields.get(field);
    }

    OptionalLong number(String field) {
        String v = fields.get(field);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The replicas INFO replication lists, as {@code host:port (state)}. */
    List<String> replicas() {
        return replicas;
    }

    private static String replica(String value) {
        Map<String, String> f = new HashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return f.get("ip") + ":" + f.get("port") + " (" + f.getOrDefault("state", "?") + ")";
    }

    /** Keys per db from the keyspace section, dbs without keys absent. */
    Map<Integer, Long> keysPerDb() {
        return keysPerDb;
    }
}
