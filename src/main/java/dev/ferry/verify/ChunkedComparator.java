package dev.ferry.verify;

import dev.ferry.event.Printable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares a collection too big to load whole, a chunk at a time, once its type and cardinality are known equal.
 * Sets, hashes and sorted sets iterate in an order that depends on each server's layout and hash seed, so chunks
 * cannot be lined up side by side: each chunk the source's HSCAN/SSCAN/ZSCAN yields is looked up on the target
 * (HMGET, SMISMEMBER, ZMSCORE; Redis 6.2+). With equal cardinalities, every source element found on the target
 * with the same value means the values are equal. Lists are compared in LRANGE windows.
 */
final class ChunkedComparator {
    private static final int CHUNK = 1000;

    private ChunkedComparator() {}

    /** Null when equal, else what differs (never a value itself). */
    static String difference(RedisCall source, RedisCall target, byte[] key, String type, long length) {
        return switch (type) {
            case "list" -> listDifference(source, target, key, length);
            case "hash" -> scanned(source, target, key, "HSCAN", 2, ChunkedComparator::hashChunk);
            case "set" -> scanned(source, target, key, "SSCAN", 1, ChunkedComparator::setChunk);
            case "zset" -> scanned(source, target, key, "ZSCAN", 2, ChunkedComparator::zsetChunk);
            default -> throw new IllegalArgumentException("no chunked comparison for type " + type);
        };
    }

    private static String listDifference(RedisCall source, RedisCall target, byte[] key, long length) {
        for (long from = 0; from < length; from += CHUNK) {
            byte[][] range = {b("LRANGE"), key, b(Long.toString(from)), b(Long.toString(from + CHUNK - 1))};
            if (!sameElements((List<?>) source.call(range), (List<?>) target.call(range))) {
                return "list differs in items " + from + ".." + (from + CHUNK - 1);
            }
        }
        return null;
    }

    /** Checks one chunk of the source's elements (flat: member, or field/value, or member/score) on the target. */
    private interface ChunkCheck {
        String difference(RedisCall target, byte[] key, List<?> flat);
    }

    private static String scanned(RedisCall source, RedisCall target, byte[] key, String scan, int stride, ChunkCheck check) {
        String cursor = "0";
        do {
            List<?> page = (List<?>) source.call(b(scan), key, b(cursor), b("COUNT"), b(Integer.toString(CHUNK)));
            cursor = new String((byte[]) page.get(0), StandardCharsets.US_ASCII);
            List<?> flat = (List<?>) page.get(1);
            if (!flat.isEmpty()) {
                String d = check.difference(target, key, flat);
                if (d != null) {
                    return d;
                }
            }
        } while (!"0".equals(cursor));
        return null;
    }

    private static String hashChunk(RedisCall target, byte[] key, List<?> flat) {
        List<?> values = askAboutEach(target, "HMGET", key, flat, 2);
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof byte[] v) || !Arrays.equals(v, (byte[]) flat.get(2 * i + 1))) {
                return "hash field " + Printable.of((byte[]) flat.get(2 * i))
                        + (values.get(i) == null ? " missing on target" : " has another value on target");
            }
        }
        return null;
    }

    private static String setChunk(RedisCall target, byte[] key, List<?> flat) {
        List<?> present = askAboutEach(target, "SMISMEMBER", key, flat, 1);
        for (int i = 0; i < present.size(); i++) {
            if (!Long.valueOf(1).equals(present.get(i))) {
                return "set member " + Printable.of((byte[]) flat.get(i)) + " missing on target";
            }
        }
        return null;
    }

    private static String zsetChunk(RedisCall target, byte[] key, List<?> flat) {
        List<?> scores = askAboutEach(target, "ZMSCORE", key, flat, 2);
        for (int i = 0; i < scores.size(); i++) {
            byte[] member = (byte[]) flat.get(2 * i);
            if (!(scores.get(i) instanceof byte[] s)) {
                return "zset member " + Printable.of(member) + " missing on target";
            }
            if (score(s) != score((byte[]) flat.get(2 * i + 1))) {
                return "zset member " + Printable.of(member) + " has another score on target";
            }
        }
        return null;
    }

    /**
     * {@code command key element...} on the target, one element (field, member) out of every {@code stride} entries of
     * a source page ({@code flat} is members, or field-value / member-score pairs): one reply per element, in order.
     */
    private static List<?> askAboutEach(RedisCall target, String command, byte[] key, List<?> flat, int stride) {
        List<byte[]> argv = new ArrayList<>(List.of(b(command), key));
        for (int i = 0; i < flat.size(); i += stride) {
            argv.add((byte[]) flat.get(i));
        }
        return (List<?>) target.call(argv.toArray(byte[][]::new));
    }

    private static boolean sameElements(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals((byte[]) a.get(i), (byte[]) b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** A score as Redis prints it: a number, {@code inf} or {@code -inf}. */
    private static double score(byte[] b) {
        String s = new String(b, StandardCharsets.US_ASCII);
        return switch (s) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
