package dev.ferry.bench;

import dev.ferry.rdb.RdbDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;

/**
 * What the start check before a cluster target costs: {@link RdbDatabases#of} (every value stepped over, none
 * decoded) on the cached 1M-key RDB, median of the timed iterations.
 *
 * <pre>DbScanBench DIR [iterations] [warmup]</pre>
 */
public final class DbScanBench {
    private DbScanBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args.length > 0 ? args[0] : "target");
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path rdb = DataSet.ensure(dir);
        long size = Files.size(rdb);
        List<Double> secs = new ArrayList<>();
        SortedSet<Integer> dbs = null;
        for (int it = -warmup; it < iterations; it++) {
            long t0 = System.nanoTime();
            dbs = RdbDatabases.of(rdb);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  %s %d: dbs %s in %.3f s, %.1f MB/s%n", it < 0 ? "warmup" : "iter  ", it < 0 ? it + warmup + 1 : it + 1,
                    dbs, s, size / 1e6 / s);
            if (it >= 0) {
                secs.add(s);
            }
        }
        Collections.sort(secs);
        double median = secs.get(secs.size() / 2);
        System.out.printf("RESULT | RdbDatabases.of | %,d bytes | dbs %s | %.3f s | %.1f MB/s |%n", size, dbs, median,
                size / 1e6 / median);
    }
}
