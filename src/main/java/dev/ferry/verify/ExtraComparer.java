package dev.ferry.verify;

import dev.ferry.config.FilterConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * {@code --extra}: SCANs the target (each of its servers: every master of a cluster) and looks each key up on the source,
 * in every source db that {@code [filter] db_map} sends to the key's target db. A key none of them has is extra, unless it
 * is one of Ferry's own bookkeeping keys ({@code [advanced] marker_prefix}: exactly-once markers, checkpoint stamps).
 * Later rounds ask the target through its channel, which finds a key's server by its slot.
 */
final class ExtraComparer implements Comparer {
    private static final int SCAN_COUNT = 1000;

    /** Which of the keys the source has in db {@code db}. */
    @FunctionalInterface
    interface SourceKeys extends AutoCloseable {
        boolean[] present(int db, List<byte[]> keys) throws IOException;

        @Override
        default void close() {}

        /** Looks keys up on a live source server with pipelined EXISTS; closes it when done. */
        static SourceKeys on(NodeSide server) {
            return new SourceKeys() {
                @Override
                public boolean[] present(int db, List<byte[]> keys) throws IOException {
                    return exists(server, db, keys);
                }

                @Override
                public void close() {
                    server.close();
                }
            };
        }
    }

    private final List<NodeSide> scanned;
    private final Side target;
    private final SourceKeys source;
    private final FilterConfig filter;
    private final Predicate<byte[]> ferrysOwn;

    /**
     * @param scanned   the target's servers, scanned one after the other
     * @param target    the whole target, for later rounds
     * @param ferrysOwn Ferry's bookkeeping keys on the target, which are not extra
     */
    ExtraComparer(List<NodeSide> scanned, Side target, SourceKeys source, FilterConfig filter, Predicate<byte[]> ferrysOwn) {
        this.scanned = List.copyOf(scanned);
        this.target = target;
        this.source = source;
        this.filter = filter;
        this.ferrysOwn = ferrysOwn;
    }

    @Override
    public RoundResult firstRound() throws IOException {
        List<Difference> extra = new ArrayList<>();
        for (NodeSide server : scanned) {
            ScanLoop.scanAll(server, SCAN_COUNT, (db, keys) -> {
                boolean[] own = new boolean[keys.size()];
                for (int i = 0; i < own.length; i++) {
                    own[i] = ferrysOwn.test(keys.get(i));
                }
                extra.addAll(extra(db, keys, own));
            });
        }
        // the target's keys that the source has were compared from the source's side: only the extra ones count here
        return new RoundResult(extra.size(), extra);
    }

    @Override
    public List<Difference> recheck(List<Difference> differed) throws IOException {
        return Comparer.inBatches(differed, SCAN_COUNT, (db, batch) -> {
            List<byte[]> keys = batch.stream().map(Difference::key).toList();
            boolean[] gone = exists(target, db, keys);
            for (int i = 0; i < gone.length; i++) {
                gone[i] = !gone[i];
            }
            return extra(db, keys, gone);
        });
    }

    /** The keys of target db {@code db} that no source db mapped there has; {@code skip} marks keys not to look up. */
    private List<Difference> extra(int db, List<byte[]> keys, boolean[] skip) throws IOException {
        boolean[] found = skip.clone();
        for (int sourceDb : sourceDbs(db)) {
            boolean[] present = source.present(sourceDb, keys);
            for (int i = 0; i < found.length; i++) {
                found[i] |= present[i];
            }
        }
        List<Difference> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!found[i]) {
                out.add(new Difference(db, keys.get(i), DifferenceKind.EXTRA, "on target db " + db + ", not on source"));
            }
        }
        return out;
    }

    /** The source dbs whose keys {@code [filter] db_map} writes to target db {@code targetDb}. */
    private TreeSet<Integer> sourceDbs(int targetDb) {
        TreeSet<Integer> dbs = new TreeSet<>();
        for (Map.Entry<Integer, Integer> e : filter.dbMap().entrySet()) {
            if (e.getValue() == targetDb) {
                dbs.add(e.getKey());
            }
        }
        if (!filter.dbMap().containsKey(targetDb)) {
            dbs.add(targetDb);
        }
        return dbs;
    }

    private static boolean[] exists(Side side, int db, List<byte[]> keys) throws IOException {
        List<Side.Command> commands = keys.stream().map(k -> new Side.Command(k, new byte[][] {NodeSide.bytes("EXISTS"), k})).toList();
        List<Object> replies = side.pipeline(db, commands);
        boolean[] present = new boolean[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            present[i] = Long.valueOf(1).equals(Replies.checked(replies.get(i), side, keys.get(i)));
        }
        return present;
    }

    @Override
    public void close() {
        scanned.forEach(NodeSide::close);
        target.close();
        source.close();
    }
}
