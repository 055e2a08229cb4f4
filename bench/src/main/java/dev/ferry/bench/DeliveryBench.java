package dev.ferry.bench;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * {@code [flink] delivery}: at-least-once against exactly-once on a live source, per checkpoint interval. For each
 * run a fresh Redis 7.0.15 source and target and {@code bin/ferry run} as a user starts it; once it replicates:
 *
 * <ol>
 *   <li><b>latency</b>: 40 probes, one every 250 ms, each a {@code SET probe:<i> <i>} on the source; a poller reads
 *       the target every millisecond and notes when each probe appears there (the source write to the target read);
 *   <li><b>throughput</b>: {@code N} commands (INCRBY, LPUSH, HINCRBY in turn over 1,000 keys of each) written to
 *       the source through pipelines of 1,000, as fast as it takes them, then a last {@code SET done 1}; the time
 *       from the first command to {@code done} on the target gives commands per second. Every counter is then
 *       compared with the source's, after Ferry is stopped the way Ctrl-C stops it (SIGTERM: a savepoint).
 * </ol>
 *
 * <pre>DeliveryBench DIR FERRY_HOME [commands=300000] [intervals=1s,10s] [ferry java opts]</pre>
 */
public final class DeliveryBench {
    private static final int PROBES = 40;
    private static final long PROBE_EVERY_MS = 250;
    private static final int KEYS = 1000;

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]).toAbsolutePath();
        Path ferryHome = Paths.get(args[1]).toAbsolutePath();
        int commands = args.length > 2 ? Integer.parseInt(args[2]) : 300_000;
        List<String> intervals = Arrays.asList((args.length > 3 ? args[3] : "1s,10s").split(","));
        String javaOpts = args.length > 4 ? args[4] : "-Xmx512m";
        List<String> rows = new ArrayList<>();
        for (String interval : intervals) {
            for (String delivery : List.of("at-least-once", "exactly-once")) {
                rows.add(run(dir.resolve("delivery-bench"), ferryHome, delivery, interval.strip(), commands, javaOpts));
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    private static String run(Path work, Path ferryHome, String delivery, String interval, int commands, String javaOpts)
            throws Exception {
        E2eBench.deleteRecursively(work);
        Files.createDirectories(work);
        List<String> noDelay = List.of("--save", "", "--appendonly", "no", "--repl-diskless-sync-delay", "0");
        try (LocalRedisServer source = LocalRedisServer.start(RedisBinary.redis70(), work.resolve("source"), noDelay);
             LocalRedisServer target = LocalRedisServer.start(RedisBinary.redis70(), work.resolve("target"), noDelay)) {
            Path conf = work.resolve("bench.toml");
            Files.writeString(conf, """
                    [sync_reader]
                    address = "%s"
                    [redis_writer]
                    address = "%s"
                    [advanced]
                    dir = "%s"
                    [flink]
                    checkpoint_interval = "%s"
                    delivery = "%s"
                    """.formatted(source.address(), target.address(), work.resolve("ferry-data"), interval, delivery));
            ProcessBuilder pb = new ProcessBuilder(ferryHome.resolve("bin/ferry").toString(), "run", "-c", conf.toString())
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("ferry.out").toFile());
            pb.environment().put("FERRY_JAVA_OPTS", javaOpts);
            Process ferry = pb.start();
            try {
                awaitOnTarget(source, target, "ready", 120_000);
                long[] latencies = latencies(source, target);
                double perSecond = throughput(source, target, commands);
                ferry.destroy(); // SIGTERM, as Ctrl-C: stop with a savepoint; the JVM then exits with 128 + 15
                if (!ferry.waitFor(5, TimeUnit.MINUTES) || ferry.exitValue() != 143 && ferry.exitValue() != 0) {
                    throw new IllegalStateException("bin/ferry did not stop cleanly; see " + work);
                }
                String same = countersEqual(source, target) ? "counters equal" : "COUNTERS DIFFER";
                String row = String.format("RESULT | %s | interval %s | latency median %d ms, p95 %d ms, max %d ms | %,.0f commands/s | %s |",
                        delivery, interval, latencies[PROBES / 2], latencies[PROBES * 95 / 100], latencies[PROBES - 1],
                        perSecond, same);
                System.out.println(row);
                return row;
            } finally {
                ferry.destroyForcibly();
            }
        }
    }

    /** Sorted, in ms: from each probe's SET on the source to its value on the target. */
    private static long[] latencies(LocalRedisServer source, LocalRedisServer target) throws InterruptedException {
        long[] sent = new long[PROBES];
        long[] seen = new long[PROBES];
        Thread poller = new Thread(() -> {
            try (Jedis t = target.jedis()) {
                int next = 0;
                while (next < PROBES) {
                    if (t.get("probe:" + next) != null) {
                        seen[next++] = System.nanoTime();
                    } else {
                        Thread.sleep(1);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "probe-poller");
        poller.start();
        try (Jedis s = source.jedis()) {
            for (int i = 0; i < PROBES; i++) {
                sent[i] = System.nanoTime();
                s.set("probe:" + i, Integer.toString(i));
                Thread.sleep(PROBE_EVERY_MS);
            }
        }
        poller.join(TimeUnit.MINUTES.toMillis(2));
        if (poller.isAlive()) {
            poller.interrupt();
            throw new IllegalStateException("probes did not all reach the target in 2 minutes");
        }
        long[] ms = new long[PROBES];
        for (int i = 0; i < PROBES; i++) {
            ms[i] = TimeUnit.NANOSECONDS.toMillis(seen[i] - sent[i]);
        }
        Arrays.sort(ms);
        return ms;
    }

    /** Commands per second from the first command written to the source until the last one is on the target. */
    private static double throughput(LocalRedisServer source, LocalRedisServer target, int commands) throws InterruptedException {
        long t0 = System.nanoTime();
        try (Jedis s = source.jedis(60_000)) {
            for (int from = 0; from < commands; from += 1000) {
                Pipeline p = s.pipelined();
                for (int i = from; i < Math.min(commands, from + 1000); i++) {
                    int k = i % KEYS;
                    switch (i % 3) {
                        case 0 -> p.incrBy("c:" + k, 1);
                        case 1 -> p.lpush("l:" + k, Integer.toString(i));
                        default -> p.hincrBy("h:" + k, "f", 1);
                    }
                }
                p.sync();
            }
        }
        awaitOnTarget(source, target, "done", 600_000);
        return commands / ((System.nanoTime() - t0) / 1e9);
    }

    /** Writes {@code key} on the source and waits until the target has it. */
    private static void awaitOnTarget(LocalRedisServer source, LocalRedisServer target, String key, long timeoutMs)
            throws InterruptedException {
        try (Jedis s = source.jedis()) {
            s.set(key, "1");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try (Jedis t = target.jedis()) {
            while (t.get(key) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(key + " did not reach the target in " + timeoutMs + " ms");
                }
                Thread.sleep(1);
            }
        }
    }

    private static boolean countersEqual(LocalRedisServer source, LocalRedisServer target) {
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            for (int k = 0; k < KEYS; k++) {
                if (!String.valueOf(s.get("c:" + k)).equals(String.valueOf(t.get("c:" + k)))
                        || s.llen("l:" + k) != t.llen("l:" + k)
                        || !String.valueOf(s.hget("h:" + k, "f")).equals(String.valueOf(t.hget("h:" + k, "f")))) {
                    return false;
                }
            }
        }
        return true;
    }
}
