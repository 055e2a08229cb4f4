package dev.ferry.testing;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.verify.KeyComparator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * The target's db 0 against the source's after a {@link Workload}, key by key (values and TTLs, within 1 s), with
 * Ferry's own bookkeeping keys left out. A key of a non-idempotent family that differs is classified: the target
 * holding more than the source (a bigger counter, a longer list or stream, bigger hash fields or scores) is a
 * command applied twice; less, or anything else, is a loss.
 *
 * @param keys       keys compared (the source's, and any the target has besides)
 * @param doubled    per family ({@code c}, {@code l}, {@code h}, {@code z}, {@code x}), keys with commands applied twice
 * @param stale      keys the source deleted before a second full sync that the first one had written: only with
 *                   {@code resynced}; a full sync writes what the source has and deletes nothing
 * @param wrong      every other difference, with what differs: a lost write, an idempotent key that differs, a
 *                   snapshot key missing, a key only the target has
 */
public record WorkloadCheck(int keys, Map<String, Integer> doubled, List<String> stale, List<String> wrong) {
    private static final List<String> NON_IDEMPOTENT = List.of("c", "l", "h", "z", "x");

    /** @param resynced the source made more than one full sync for Ferry (a restart during the snapshot) */
    public static WorkloadCheck of(LocalRedisServer source, LocalRedisServer target, String markerPrefix, boolean resynced) {
        KeyComparator cmp = new KeyComparator(1000);
        Map<String, Integer> doubled = new TreeMap<>();
        List<String> stale = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        try (Jedis s = source.jedis(30_000); Jedis t = target.jedis(30_000)) {
            Set<String> names = new HashSet<>(s.keys("*"));
            for (String k : t.keys("*")) {
                if (!k.startsWith(markerPrefix)) {
                    names.add(k);
                }
            }
            List<String> snapshotKeys = new ArrayList<>();
            for (String name : names) {
                if (name.startsWith("key:")) {
                    snapshotKeys.add(name); // DEBUG POPULATE's: compared in bulk below
                    continue;
                }
                String d = cmp.difference(s, t, name.getBytes(StandardCharsets.UTF_8));
                if (d == null) {
                    continue;
                }
                String family = name.substring(0, name.indexOf(':'));
                if (resynced && !s.exists(name)) {
                    stale.add(name);
                } else if (NON_IDEMPOTENT.contains(family) && magnitude(t, family, name) > magnitude(s, family, name)) {
                    doubled.merge(family, 1, Integer::sum);
                } else {
                    wrong.add(name + ": " + d);
                }
            }
            compareStrings(s, t, snapshotKeys, wrong);
            return new WorkloadCheck(names.size(), doubled, stale, wrong);
        }
    }

    /** How much of a non-idempotent key's value there is: its counter, length, or sum of fields or scores. */
    private static double magnitude(Jedis j, String family, String key) {
        return switch (family) {
            case "c" -> j.exists(key) ? Double.parseDouble(j.get(key)) : 0;
            case "l" -> j.llen(key);
            case "x" -> j.xlen(key);
            case "h" -> j.hvals(key).stream().mapToDouble(Double::parseDouble).sum();
            default -> j.zrangeWithScores(key, 0, -1).stream().mapToDouble(Tuple::getScore).sum();
        };
    }

    private static void compareStrings(Jedis s, Jedis t, List<String> keys, List<String> wrong) {
        for (int from = 0; from < keys.size(); from += 1000) {
            String[] chunk = keys.subList(from, Math.min(keys.size(), from + 1000)).toArray(String[]::new);
            List<String> expected = s.mget(chunk);
            List<String> actual = t.mget(chunk);
            for (int i = 0; i < chunk.length; i++) {
                if (!java.util.Objects.equals(expected.get(i), actual.get(i))) {
                    wrong.add(chunk[i] + ": snapshot value differs");
                }
            }
        }
    }

    public boolean exact() {
        return doubled.isEmpty() && wrong.isEmpty();
    }

    public int doubledKeys() {
        return doubled.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** "counters 4, lists 3, ..." */
    public String doubledText() {
        Map<String, String> names = Map.of("c", "counters", "l", "lists", "h", "hashes", "z", "sorted sets", "x", "streams");
        List<String> parts = new ArrayList<>();
        doubled.forEach((family, n) -> parts.add(names.get(family) + " " + n));
        return String.join(", ", parts);
    }
}
