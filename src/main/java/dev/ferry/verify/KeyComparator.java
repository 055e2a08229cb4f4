package dev.ferry.verify;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.Jedis;

/**
 * Compares one key between two servers by its logical value (what clients read), not its encoding:
 * a restored set or hash may be laid out differently and still be the same value. TTLs match within
 * a tolerance. Streams are compared with their consumer groups, see {@link StreamComparator}.
 */
public final class KeyComparator {
    private final long ttlToleranceMs;
    private final StreamComparator streams;

    /** {@code ttlToleranceMs} also bounds how far a stream's pending-entry delivery times may differ. */
    public KeyComparator(long ttlToleranceMs) {
        this.ttlToleranceMs = ttlToleranceMs;
        this.streams = new StreamComparator(ttlToleranceMs);
    }

    /** Null when equal, else what differs. Both connections must have the key's db selected. */
    public String difference(Jedis source, Jedis target, byte[] key) {
        String type = source.type(key);
        String targetType = target.type(key);
        if ("none".equals(targetType)) {
            return "missing on target";
        }
        if (!type.equals(targetType)) {
            return "type " + type + " on source, " + targetType + " on target";
        }
        if ("stream".equals(type)) {
            String d = streams.difference(calls(source), calls(target), key);
            if (d != null) {
                return d;
            }
        } else if (!Objects.equals(valueOf(source, key, type), valueOf(target, key, type))) {
            return type + " value differs";
        }
        long a = source.pttl(key);
        long b = target.pttl(key);
        if ((a < 0) != (b < 0) || Math.abs(a - b) > ttlToleranceMs) {
            return "TTL " + a + " ms on source, " + b + " ms on target";
        }
        return null;
    }

    private static RedisCall calls(Jedis j) {
        return argv -> j.sendCommand(() -> argv[0], java.util.Arrays.copyOfRange(argv, 1, argv.length));
    }

    private static Object valueOf(Jedis j, byte[] key, String type) {
        return switch (type) {
            case "string" -> new String(j.get(key), java.nio.charset.StandardCharsets.ISO_8859_1);
            case "list" -> j.lrange(key, 0, -1).stream().map(KeyComparator::text).toList();
            case "set" -> new HashSet<>(j.smembers(key).stream().map(KeyComparator::text).toList());
            case "zset" -> j.zrangeWithScores(key, 0, -1).stream()
                    .map(t -> text(t.getBinaryElement()) + "=" + t.getScore()).toList();
            case "hash" -> j.hgetAll(key).entrySet().stream()
                    .map(e -> text(e.getKey()) + "=" + text(e.getValue())).collect(java.util.stream.Collectors.toSet());
            default -> List.of(j.dump(key));
        };
    }

    private static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
