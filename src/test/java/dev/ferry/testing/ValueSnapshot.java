package dev.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.ferry.event.KeyEvent;
import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import redis.clients.jedis.Jedis;

/**
 * What a real server says a key holds, in a form that compares with {@code equals}: the logical value as the
 * server replies it (GET, LRANGE, SMEMBERS sorted, ZRANGE WITHSCORES, HGETALL sorted, XRANGE plus XINFO GROUPS,
 * XINFO CONSUMERS without the clock-dependent fields, and XPENDING). Byte strings are kept as ISO-8859-1 text, which
 * is lossless.
 */
public final class ValueSnapshot {

    private ValueSnapshot() {
    }

    /** TYPE and value of {@code key} in the connection's current db, or "none". */
    public static Map<String, Object> of(Jedis j, byte[] key) {
        String type = text(TestData.cmd(j, "TYPE", key));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        switch (type) {
            case "none" -> { }
            case "string" -> m.put("value", canon(TestData.cmd(j, "GET", key)));
            case "list" -> m.put("value", canon(TestData.cmd(j, "LRANGE", key, "0", "-1")));
            case "set" -> {
                List<String> members = strings(TestData.cmd(j, "SMEMBERS", key));
                members.sort(Comparator.naturalOrder());
                m.put("value", members);
            }
            case "zset" -> m.put("value", canon(TestData.cmd(j, "ZRANGE", key, "0", "-1", "WITHSCORES")));
            case "hash" -> m.put("value", pairs(TestData.cmd(j, "HGETALL", key)));
            case "stream" -> {
                m.put("entries", canon(TestData.cmd(j, "XRANGE", key, "-", "+")));
                List<Object> groups = new ArrayList<>();
                for (Object g : (List<?>) TestData.cmd(j, "XINFO", "GROUPS", key)) {
                    Map<String, Object> group = pairs(g);
                    String name = (String) group.get("name");
                    List<Object> consumers = new ArrayList<>();
                    for (Object c : (List<?>) TestData.cmd(j, "XINFO", "CONSUMERS", key, name)) {
                        Map<String, Object> consumer = pairs(c);
                        consumer.remove("idle");       // time since the consumer was last seen: moves
                        consumer.remove("inactive");   // 7.2+
                        consumers.add(consumer);
                    }
                    group.put("consumers-detail", consumers);
                    group.put("xpending", canon(TestData.cmd(j, "XPENDING", key, name)));
                    // delivery counts, not the idle times
                    List<Object> pel = new ArrayList<>();
                    for (Object p : (List<?>) TestData.cmd(j, "XPENDING", key, name, "-", "+", "1000000")) {
                        List<?> entry = (List<?>) p;
                        pel.add(List.of(canon(entry.get(0)), canon(entry.get(1)), canon(entry.get(3))));
                    }
                    group.put("pel", pel);
                    groups.add(group);
                }
                m.put("groups", groups);
                Map<String, Object> info = pairs(TestData.cmd(j, "XINFO", "STREAM", key));
                info.remove("first-entry");
                info.remove("last-entry");
                info.remove("radix-tree-keys");  // depends on how the nodes were built, not on the value
                info.remove("radix-tree-nodes");
                m.put("info", info);
            }
            default -> m.put("dump", canon(TestData.cmd(j, "DUMP", key)));
        }
        return m;
    }

    /** Every key of a snapshot as a {@link KeyEvent} with Ferry's DUMP payload, in file order. */
    public static List<KeyEvent> parse(Path rdb) {
        List<KeyEvent> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(rdb)) {
            RdbParser p = RdbParser.open(new java.io.BufferedInputStream(in, 1 << 16));
            for (RdbRecord r; (r = p.next()) != null; ) {
                if (r instanceof KeyRecord k) {
                    byte[] payload = p.captureDumpPayload();
                    out.add(new KeyEvent(k.db(), k.key(), k.type(), payload, k.expireAtMs(), k.idle(), k.freq(),
                            rdb.getFileName().toString(), k.offset()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(reply);
    }

    /** byte[] to ISO-8859-1 text, lists recursively. */
    public static Object canon(Object reply) {
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        if (reply instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(canon(o));
            }
            return out;
        }
        return reply;
    }

    private static List<String> strings(Object reply) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) reply) {
            out.add(text(o));
        }
        return out;
    }

    private static Map<String, Object> pairs(Object reply) {
        List<?> l = (List<?>) reply;
        Map<String, Object> m = new TreeMap<>();
        for (int i = 0; i + 1 < l.size(); i += 2) {
            m.put(text(l.get(i)), canon(l.get(i + 1)));
        }
        return m;
    }
}
