package dev.ferry.verify;

import dev.ferry.config.FilterConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Compares a batch of a live source's keys in one db with the target's, in the db {@code [filter] db_map} names. */
final class BatchComparer {
    private final Side source;
    private final Side target;
    private final FilterConfig filter;
    private final Observer observer;
    private final KeyJudge judge;

    BatchComparer(Side source, Side target, FilterConfig filter, VerifyOptions options) {
        this.source = source;
        this.target = target;
        this.filter = filter;
        this.observer = new Observer(options.mode(), options.bigKeyThreshold(), false);
        this.judge = new KeyJudge(options.mode(), options.ttlToleranceMs());
    }

    /** Whether the target can hold the db's keys at all (a cluster has db 0 only). */
    boolean targetHolds(int db) {
        return target.holdsDb(filter.targetDb(db));
    }

    List<Difference> compare(int db, List<byte[]> keys) throws IOException {
        int targetDb = filter.targetDb(db);
        List<KeyState> s = observer.observe(source, db, keys);
        List<KeyState> t = observer.observe(target, targetDb, keys);
        List<Difference> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = keys.get(i);
            Difference d = judge.judge(db, key, s.get(i), t.get(i), source.calls(db, key), target.calls(targetDb, key));
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }
}
