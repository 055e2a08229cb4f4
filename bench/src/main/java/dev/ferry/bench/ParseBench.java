package dev.ferry.bench;

import com.moilioncircle.redis.replicator.RedisReplicator;
import com.moilioncircle.redis.replicator.Replicator;
import com.moilioncircle.redis.replicator.rdb.datatype.KeyValuePair;
import com.moilioncircle.redis.replicator.rdb.dump.DumpRdbVisitor;
import com.moilioncircle.redis.replicator.rdb.dump.datatype.DumpKeyValuePair;
import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parse throughput: Ferry's RdbParser (next + captureDumpPayload per key, as the Flink source does) against
 * redis-replicator 3.11.0 (default visitor, and DUMP-mode visitor) on the same cached RDB, alternated.
 *
 * <pre>ParseBench DIR [iterations] [warmup] [parsers: ferry,replicator,replicator-dump]</pre>
 */
public final class ParseBench {
    static long sink; // keeps results alive

    record Result(long keys, long payloadBytes) {
    }

    interface Parser {
        Result run(Path rdb) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args.length > 0 ? args[0] : "target");
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> which = Arrays.asList((args.length > 3 ? args[3] : "ferry,replicator,replicator-dump").split(","));
        Path rdb = DataSet.ensure(dir);
        long size = Files.size(rdb);

        Map<String, Parser> parsers = new LinkedHashMap<>();
        if (which.contains("ferry")) {
            parsers.put("ferry RdbParser (next + captureDumpPayload)", ParseBench::ferry);
        }
        if (which.contains("replicator")) {
            parsers.put("redis-replicator 3.11.0 default visitor", r -> replicator(r, false));
        }
        if (which.contains("replicator-dump")) {
            parsers.put("redis-replicator 3.11.0 DumpRdbVisitor", r -> replicator(r, true));
        }
        System.out.printf("RDB %s: %,d bytes (%.1f MB); JVM %s, -Xmx %d MB, %d CPUs%n", rdb, size, size / 1e6,
                System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        Map<String, List<Double>> secs = new LinkedHashMap<>();
        Map<String, Long> keys = new LinkedHashMap<>();
        for (int it = -warmup; it < iterations; it++) {
            for (Map.Entry<String, Parser> e : parsers.entrySet()) {
                long t0 = System.nanoTime();
                Result r = e.getValue().run(rdb);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("  %s %d: %-46s %,10d keys in %6.3f s  %8.1f MB/s  %,10.0f keys/s%n",
                        it < 0 ? "warmup" : "iter  ", it < 0 ? it + warmup + 1 : it + 1, e.getKey(), r.keys(), s,
                        size / 1e6 / s, r.keys() / s);
                if (it >= 0) {
                    secs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s);
                }
                keys.put(e.getKey(), r.keys());
            }
        }
        System.out.println();
        System.out.printf("Median of %d iterations (after %d warmup):%n", iterations, warmup);
        for (Map.Entry<String, List<Double>> e : secs.entrySet()) {
            double med = median(e.getValue());
            long k = keys.get(e.getKey());
            System.out.printf("RESULT | %-46s | %,d keys | %.3f s | %.1f MB/s | %,.0f keys/s |%n", e.getKey(), k, med,
                    size / 1e6 / med, k / med);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("HEAP | -Xmx %d MB | peak heap pool usage %.1f MB (sum of per-pool peaks, includes garbage) |%n",
                Runtime.getRuntime().maxMemory() >> 20, peak / 1048576.0);
    }

    static Result ferry(Path rdb) throws Exception {
        long keys = 0;
        long bytes = 0;
        try (FileChannel ch = FileChannel.open(rdb); InputStream in = Channels.newInputStream(ch)) {
            RdbParser p = RdbParser.open(in, true);
            for (RdbRecord r; (r = p.next()) != null; ) {
                if (r instanceof KeyRecord k) {
                    byte[] payload = p.captureDumpPayload();
                    keys++;
                    bytes += payload.length + k.key().length;
                }
            }
        }
        sink += bytes;
        return new Result(keys, bytes);
    }

    static Result replicator(Path rdb, boolean dump) throws Exception {
        long[] count = new long[2];
        Replicator r = new RedisReplicator("redis://" + rdb.toAbsolutePath().toUri().getPath());
        if (dump) {
            r.setRdbVisitor(new DumpRdbVisitor(r));
        }
        r.addEventListener((rep, ev) -> {
            if (ev instanceof DumpKeyValuePair d) {
                count[0]++;
                count[1] += d.getValue().length + d.getKey().length;
            } else if (ev instanceof KeyValuePair<?, ?> kv) {
                count[0]++;
                count[1] += ((byte[]) kv.getKey()).length + (kv.getValue() == null ? 0 : 1);
            }
        });
        r.open();
        r.close();
        sink += count[1];
        return new Result(count[0], count[1]);
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
