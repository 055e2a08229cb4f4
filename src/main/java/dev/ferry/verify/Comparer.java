package dev.ferry.verify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares one part of the data set (a source shard, an RDB file, the target's own keys), on one thread. */
interface Comparer extends AutoCloseable {
    /** Round 1: every key of its part. */
    RoundResult firstRound() throws IOException;

    /** A later round: only these keys, which differed in the round before. Returns those that still differ. */
    List<Difference> recheck(List<Difference> differed) throws IOException;

    @Override
    void close();

    /** Keys looked at, and those that differed. */
    record RoundResult(long compared, List<Difference> differences) {}

    /** Compares a batch of keys of one db again. */
    @FunctionalInterface
    interface Recheck {
        List<Difference> compare(int db, List<Difference> batch) throws IOException;
    }

    /** Re-checks {@code differed} db by db, {@code size} keys a batch; returns what still differs. */
    static List<Difference> inBatches(List<Difference> differed, int size, Recheck recheck) throws IOException {
        Map<Integer, List<Difference>> byDb = new LinkedHashMap<>();
        differed.forEach(d -> byDb.computeIfAbsent(d.db(), db -> new ArrayList<>()).add(d));
        List<Difference> still = new ArrayList<>();
        for (Map.Entry<Integer, List<Difference>> e : byDb.entrySet()) {
            List<Difference> all = e.getValue();
            for (int from = 0; from < all.size(); from += size) {
                still.addAll(recheck.compare(e.getKey(), all.subList(from, Math.min(all.size(), from + size))));
            }
        }
        return still;
    }
}
