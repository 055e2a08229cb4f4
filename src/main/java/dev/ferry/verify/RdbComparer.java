package dev.ferry.verify;

import dev.ferry.config.FilterConfig;
import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * An {@code [rdb_reader]} source: the files' keys against the target. The file's DUMP payloads are compared by logical
 * value ({@link dev.ferry.rdb.value.ValueDigest}) with the target's DUMP of the same key. Keys whose TTL has passed
 * are skipped: Ferry does not write them. The file does not change, so later rounds re-read only the target, against
 * the states kept for the keys that differed.
 */
final class RdbComparer implements Comparer {
    private static final int BATCH = 1000;

    /** A key of the source and its db. */
    record DbKey(int db, ByteBuffer key) {
        static DbKey of(int db, byte[] key) {
            return new DbKey(db, ByteBuffer.wrap(key));
        }
    }

    /** What the file says of a key that differed, for the next round. */
    private record Stored(KeyRecord record, byte[] dump) {
        KeyState state(VerifyMode mode, long nowMs) {
            return FileKeyState.of(record, dump, mode, nowMs);
        }
    }

    private final List<Path> files;
    private final Side target;
    private final FilterConfig filter;
    private final VerifyOptions options;
    private final LongSupplier clock;
    private final Observer observer;
    private final KeyJudge judge;
    private final Map<DbKey, Stored> differing = new HashMap<>();
    private final Set<DbKey> seen;

    /** @param rememberKeys keep every key of the files (for {@code --extra}, see {@link #keys()}) */
    RdbComparer(List<Path> files, Side target, FilterConfig filter, VerifyOptions options, LongSupplier clock, boolean rememberKeys) {
        this.files = List.copyOf(files);
        this.target = target;
        this.filter = filter;
        this.options = options;
        this.clock = clock;
        this.observer = new Observer(options.mode(), Long.MAX_VALUE, true);
        this.judge = new KeyJudge(options.mode(), options.ttlToleranceMs());
        this.seen = rememberKeys ? new HashSet<>() : null;
    }

    /** Every key the files hold (after round 1, with {@code rememberKeys}). */
    Set<DbKey> keys() {
        return seen;
    }

    @Override
    public RoundResult firstRound() throws IOException {
        long[] compared = {0};
        List<Difference> differences = new ArrayList<>();
        List<Stored> records = new ArrayList<>();
        List<KeyState> states = new ArrayList<>();
        forEachKey((k, dump) -> {
            KeyState s = FileKeyState.of(k, dump, options.mode(), clock.getAsLong());
            if (s.pttlMs() == -1 || s.pttlMs() > 0) {
                if (!records.isEmpty() && records.get(0).record().db() != k.db() || records.size() == BATCH) {
                    compared[0] += records.size();
                    differences.addAll(compare(records, states));
                }
                records.add(new Stored(k, dump));
                states.add(s);
            }
        });
        compared[0] += records.size();
        differences.addAll(compare(records, states));
        return new RoundResult(compared[0], differences);
    }

    /**
     * After a first round that ran elsewhere (the verify job): reads the files once more for what later rounds and
     * {@code --extra} need, the file's state of each key that differed and (with {@code rememberKeys}) every key; not at
     * all when neither needs anything.
     */
    void adopt(List<Difference> differed) throws IOException {
        if (seen == null && (differed.isEmpty() || options.rounds() == 1)) {
            return; // neither --extra nor a later round will ask
        }
        Set<DbKey> wanted = new HashSet<>();
        differed.forEach(d -> wanted.add(DbKey.of(d.db(), d.key())));
        forEachKey((k, dump) -> {
            DbKey id = DbKey.of(k.db(), k.key());
            if (wanted.contains(id)) {
                differing.put(id, new Stored(k, dump));
            }
        });
    }

    /** Receives each key of the files with its DUMP payload. */
    @FunctionalInterface
    private interface FileKey {
        void accept(KeyRecord k, byte[] dump) throws IOException;
    }

    private void forEachKey(FileKey visitor) throws IOException {
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                RdbParser parser = RdbParser.open(in, true);
                for (RdbRecord rec; (rec = parser.next()) != null; ) {
                    if (rec instanceof KeyRecord k) {
                        byte[] dump = parser.captureDumpPayload();
                        if (seen != null) {
                            seen.add(DbKey.of(k.db(), k.key()));
                        }
                        visitor.accept(k, dump);
                    }
                }
            }
        }
    }

    /** Compares and clears the batch. */
    private List<Difference> compare(List<Stored> records, List<KeyState> states) throws IOException {
        if (records.isEmpty()) {
            return List.of();
        }
        List<Difference> out = compare(records.get(0).record().db(), records.stream().map(s -> s.record().key()).toList(),
                List.copyOf(records), List.copyOf(states));
        records.clear();
        states.clear();
        return out;
    }

    private List<Difference> compare(int db, List<byte[]> keys, List<Stored> stored, List<KeyState> sourceStates) throws IOException {
        int targetDb = filter.targetDb(db);
        List<Difference> out = new ArrayList<>();
        if (!target.holdsDb(targetDb)) {
            return out;
        }
        List<KeyState> t = observer.observe(target, targetDb, keys);
        for (int i = 0; i < keys.size(); i++) {
            Difference d = judge.judge(db, keys.get(i), sourceStates.get(i), t.get(i), null, target.calls(targetDb, keys.get(i)));
            if (d != null) {
                out.add(d);
                differing.put(DbKey.of(db, keys.get(i)), stored.get(i));
            }
        }
        return out;
    }

    /** Re-reads the target only; each key's TTL is measured again from the file's expiry time. */
    @Override
    public List<Difference> recheck(List<Difference> differed) throws IOException {
        Map<DbKey, Stored> before = new HashMap<>(differing);
        differing.clear();
        return Comparer.inBatches(differed, BATCH, (db, batch) -> {
            List<byte[]> keys = new ArrayList<>();
            List<Stored> stored = new ArrayList<>();
            List<KeyState> states = new ArrayList<>();
            for (Difference d : batch) {
                Stored s = before.get(DbKey.of(db, d.key()));
                KeyState state = s.state(options.mode(), clock.getAsLong());
                if (state.pttlMs() == -1 || state.pttlMs() > 0) {
                    keys.add(d.key());
                    stored.add(s);
                    states.add(state);
                }
            }
            return compare(db, keys, stored, states);
        });
    }

    @Override
    public void close() {
        target.close();
    }
}
