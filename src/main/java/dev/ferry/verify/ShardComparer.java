package dev.ferry.verify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** One server of a live source (a standalone source, a cluster master): SCANs each of its dbs, compares page by page. */
final class ShardComparer implements Comparer {
    static final int SCAN_COUNT = 1000;

    private final NodeSide source;
    private final Side target;
    private final BatchComparer batches;

    ShardComparer(NodeSide source, Side target, BatchComparer batches) {
        this.source = source;
        this.target = target;
        this.batches = batches;
    }

    @Override
    public RoundResult firstRound() throws IOException {
        long[] compared = {0};
        List<Difference> differences = new ArrayList<>();
        ScanLoop.scanAll(source, SCAN_COUNT, (db, keys) -> {
            if (batches.targetHolds(db)) {
                compared[0] += keys.size();
                differences.addAll(batches.compare(db, keys));
            }
        });
        return new RoundResult(compared[0], differences);
    }

    @Override
    public List<Difference> recheck(List<Difference> differed) throws IOException {
        return Comparer.inBatches(differed, SCAN_COUNT, (db, batch) -> batches.compare(db, batch.stream().map(Difference::key).toList()));
    }

    @Override
    public void close() {
        source.close();
        target.close();
    }
}
