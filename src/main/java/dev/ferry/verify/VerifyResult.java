package dev.ferry.verify;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ferry verify} found.
 *
 * @param compared        keys compared in round 1 (the source's, plus with {@code --extra} the keys only the target has)
 * @param differingPerRound how many keys differed after each round that ran
 * @param differences     what still differed after the last round
 * @param elapsedMs       the whole comparison, pauses between rounds included
 */
public record VerifyResult(VerifyOptions options, long compared, List<Long> differingPerRound, List<Difference> differences,
                           long elapsedMs) {
    public VerifyResult {
        differingPerRound = List.copyOf(differingPerRound);
        differences = List.copyOf(differences);
    }

    public boolean equal() {
        return differences.isEmpty();
    }

    public long equalKeys() {
        return compared - differences.size();
    }

    /** Differences per kind, every kind present (0 when none). */
    public Map<DifferenceKind, Long> perKind() {
        Map<DifferenceKind, Long> m = new EnumMap<>(DifferenceKind.class);
        for (DifferenceKind k : DifferenceKind.values()) {
            m.put(k, 0L);
        }
        differences.forEach(d -> m.merge(d.kind(), 1L, Long::sum));
        return m;
    }

    public long keysPerSecond() {
        return elapsedMs == 0 ? compared : compared * 1000 / elapsedMs;
    }
}
