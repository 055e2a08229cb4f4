package dev.ferry.verify.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.config.ConflictPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many of the source's keys already exist on the target.
 *
 * @param existingPerDb existing keys per db (extrapolated when {@code estimated})
 * @param checkedPerDb  source keys looked up per db
 * @param notChecked    source keys per db that were not looked up (a cluster target has only db 0)
 * @param sample        up to 10 existing keys, {@code db<N> <printable key>}
 * @param estimated     true when only a sample of a live source was looked up and the counts are scaled to DBSIZE
 * @param outcomes      what each {@code rdb_restore_command_behavior} would do with them
 */
public record CollisionPreview(Map<Integer, Long> existingPerDb, Map<Integer, Long> checkedPerDb,
                               Map<Integer, Long> notChecked, List<String> sample, boolean estimated,
                               Map<String, String> outcomes) {
    /** Said with every preview: EXISTS is all it asks. */
    public static final String METHOD = "EXISTS on the target for each source key; when Ferry runs, a key whose value "
            + "on the target equals the source's counts as identical, not as a conflict";

    public CollisionPreview {
        existingPerDb = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(existingPerDb));
        checkedPerDb = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(checkedPerDb));
        notChecked = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(notChecked));
        sample = List.copyOf(sample);
        outcomes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    @JsonProperty
    public long existing() {
        return existingPerDb.values().stream().mapToLong(Long::longValue).sum();
    }

    @JsonProperty
    public long checked() {
        return checkedPerDb.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The sentence per policy, e.g. "panic would stop at the first of 1,234 existing keys". */
    static Map<String, String> outcomes(long existing, boolean estimated) {
        String n = String.format("%s%,d existing key%s", estimated ? "about " : "", existing, existing == 1 ? "" : "s");
        Map<String, String> m = new LinkedHashMap<>();
        if (existing == 0) {
            m.put(name(ConflictPolicy.PANIC), "panic: no source key exists on the target, nothing to stop at");
            m.put(name(ConflictPolicy.REWRITE), "rewrite: nothing to replace");
            m.put(name(ConflictPolicy.IGNORE), "ignore: nothing to keep");
        } else {
            m.put(name(ConflictPolicy.PANIC), "panic would stop at the first of " + n);
            m.put(name(ConflictPolicy.REWRITE), "rewrite would replace the " + n + " with the source's values");
            m.put(name(ConflictPolicy.IGNORE), "ignore would keep the target's values of the " + n);
        }
        return m;
    }

    /** The README's and the config's spelling (ignore, not RedisShake's skip). */
    private static String name(ConflictPolicy p) {
        return p.name().toLowerCase(java.util.Locale.ROOT);
    }
}
