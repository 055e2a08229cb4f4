package dev.ferry.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares a stream between two servers: entries, the stream's counters, each consumer group, its consumers
 * and its pending entries (owner, delivery count, delivery time).
 *
 * <p>Servers of different versions report different fields (7.0 added entries-added, max-deleted-entry-id,
 * entries-read, lag...): the fields both report are compared. Not compared: the node layout
 * (radix-tree-*), the first/last entry (the entries are), and consumers' idle times, which no command can
 * set. Delivery times are compared as absolute times (server clock minus the idle XPENDING reports), within
 * the tolerance.
 */
final class StreamComparator {
    private static final Set<String> NOT_COMPARED = Set.of("first-entry", "last-entry", "radix-tree-keys", "radix-tree-nodes",
            "idle", "inactive");

    private static final int WINDOW = 1000;

    private final long toleranceMs;

    StreamComparator(long toleranceMs) {
        this.toleranceMs = toleranceMs;
    }

    /** Null when equal, else what differs. Each call runs a command on the stream's server, in its db. */
    String difference(RedisCall source, RedisCall target, byte[] key) {
        String d = entriesDifference(source, target, key);
        if (d != null) {
            return d;
        }
        d = differingFields("stream", fields(call(source, "XINFO", b("STREAM"), key)),
                fields(call(target, "XINFO", b("STREAM"), key)));
        if (d != null) {
            return d;
        }
        List<Map<String, Object>> sourceGroups = list(call(source, "XINFO", b("GROUPS"), key));
        List<Map<String, Object>> targetGroups = list(call(target, "XINFO", b("GROUPS"), key));
        if (sourceGroups.size() != targetGroups.size()) {
            return "stream has " + sourceGroups.size() + " groups on source, " + targetGroups.size() + " on target";
        }
        for (int i = 0; i < sourceGroups.size(); i++) {
            d = groupDifference(source, target, key, sourceGroups.get(i), targetGroups.get(i));
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** The entries in windows of {@link #WINDOW}, so a long stream is never held whole. */
    private static String entriesDifference(RedisCall source, RedisCall target, byte[] key) {
        byte[] start = b("-");
        while (true) {
            List<?> s = (List<?>) call(source, "XRANGE", key, start, b("+"), b("COUNT"), b(Integer.toString(WINDOW)));
            List<?> t = (List<?>) call(target, "XRANGE", key, start, b("+"), b("COUNT"), b(Integer.toString(WINDOW)));
            if (!Objects.equals(text(s), text(t))) {
                return "stream entries differ after " + string(start);
            }
            if (s.size() < WINDOW) {
                return null;
            }
            // exclusive start (Redis 6.2+): the entry after the window's last one
            start = b("(" + string(((List<?>) s.get(s.size() - 1)).get(0)));
        }
    }

    private String groupDifference(RedisCall source, RedisCall target, byte[] key, Map<String, Object> s, Map<String, Object> t) {
        String name = (String) s.get("name");
        String d = differingFields("group " + name, s, t);
        if (d != null) {
            return d;
        }
        byte[] group = name.getBytes(StandardCharsets.ISO_8859_1);
        List<Map<String, Object>> sc = list(call(source, "XINFO", b("CONSUMERS"), key, group));
        List<Map<String, Object>> tc = list(call(target, "XINFO", b("CONSUMERS"), key, group));
        if (sc.size() != tc.size()) {
            return "group " + name + " has " + sc.size() + " consumers on source, " + tc.size() + " on target";
        }
        for (int i = 0; i < sc.size(); i++) {
            d = differingFields("consumer " + sc.get(i).get("name") + " of group " + name, sc.get(i), tc.get(i));
            if (d != null) {
                return d;
            }
        }
        return pendingDifference(name, pending(source, key, group), pending(target, key, group));
    }

    private String pendingDifference(String group, List<Pending> s, List<Pending> t) {
        if (s.size() != t.size()) {
            return "group " + group + " has " + s.size() + " pending entries on source, " + t.size() + " on target";
        }
        for (int i = 0; i < s.size(); i++) {
            Pending a = s.get(i);
            Pending b = t.get(i);
            if (!a.id.equals(b.id) || !a.consumer.equals(b.consumer) || a.deliveries != b.deliveries
                    || Math.abs(a.deliveredAtMs - b.deliveredAtMs) > toleranceMs) {
                return "group " + group + " pending entry differs: " + a + " on source, " + b + " on target";
            }
        }
        return null;
    }

    /** XPENDING's extended form, with the idle time turned into the time of delivery by the server's clock. */
    private static List<Pending> pending(RedisCall j, byte[] key, byte[] group) {
        List<?> time = (List<?>) call(j, "TIME");
        long nowMs = Long.parseLong(string(time.get(0))) * 1000 + Long.parseLong(string(time.get(1))) / 1000;
        List<Pending> out = new ArrayList<>();
        for (Object o : (List<?>) call(j, "XPENDING", key, group, b("-"), b("+"), b(Long.toString(Long.MAX_VALUE)))) {
            List<?> e = (List<?>) o;
            out.add(new Pending(string(e.get(0)), string(e.get(1)), nowMs - (Long) e.get(2), (Long) e.get(3)));
        }
        return out;
    }

    private record Pending(String id, String consumer, long deliveredAtMs, long deliveries) {}

    private static String differingFields(String what, Map<String, Object> s, Map<String, Object> t) {
        for (Map.Entry<String, Object> e : s.entrySet()) {
            if (t.containsKey(e.getKey()) && !NOT_COMPARED.contains(e.getKey()) && !Objects.equals(e.getValue(), t.get(e.getKey()))) {
                return what + " " + e.getKey() + " is " + e.getValue() + " on source, " + t.get(e.getKey()) + " on target";
            }
        }
        return null;
    }

    private static List<Map<String, Object>> list(Object reply) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<?>) reply) {
            out.add(fields(o));
        }
        return out;
    }

    /** A flat RESP2 field/value array as a map, values as text (lists recursively). */
    private static Map<String, Object> fields(Object reply) {
        List<?> l = (List<?>) reply;
        Map<String, Object> m = new TreeMap<>();
        for (int i = 0; i + 1 < l.size(); i += 2) {
            m.put(string(l.get(i)), text(l.get(i + 1)));
        }
        return m;
    }

    private static Object text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (reply instanceof List<?> l) {
            return l.stream().map(StreamComparator::text).toList();
        }
        return reply;
    }

    private static String string(Object reply) {
        return (String) text(reply);
    }

    private static Object call(RedisCall j, String command, byte[]... args) {
        byte[][] argv = new byte[args.length + 1][];
        argv[0] = b(command);
        System.arraycopy(args, 0, argv, 1, args.length);
        return j.call(argv);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
