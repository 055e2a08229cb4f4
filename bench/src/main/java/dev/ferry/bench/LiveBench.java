package dev.ferry.bench;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import redis.clients.jedis.Jedis;

/**
 * Live replication ({@code [sync_reader]}) at parallelism 1: {@code redis-benchmark} writes SETs of 100-byte values,
 * pipelined, into a Redis 7.0.15 source that {@code bin/ferry run} replicates into an empty Redis 7.0.15 target; then
 * the same {@code redis-benchmark} writes straight into the (emptied) target, in the same round, for the rate the
 * target itself absorbs. While the source is written, {@link LiveSampler} samples both servers every 250 ms.
 *
 * <pre>LiveBench DIR FERRY_HOME [rounds] [ferry java opts] [loads]</pre>
 *
 * {@code loads}: redis-benchmark options per load, separated by {@code ;} (default
 * {@code "-c 4 -P 16 -n 2000000;-c 1 -P 1 -n 300000"}); each load gets a fresh source, target and Ferry.
 */
public final class LiveBench {
    /** SET of a 100-byte value on 100,000 random keys: what every load writes. */
    private static final List<String> SET_100 = List.of("-t", "set", "-d", "100", "-r", "100000");
    private static final String DEFAULT_LOADS = "-c 4 -P 16 -n 2000000;-c 1 -P 1 -n 300000";
    private static final long CATCH_UP_TIMEOUT_S = 600;

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]).toAbsolutePath();
        Path ferryHome = Paths.get(args[1]).toAbsolutePath();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String javaOpts = args.length > 3 ? args[3] : "-Xmx512m";
        List<String> loads = Arrays.stream((args.length > 4 ? args[4] : DEFAULT_LOADS).split(";")).map(String::strip).toList();
        List<String> rows = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String load : loads) {
                rows.add(run(dir.resolve("live-bench"), ferryHome, javaOpts, round, load));
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    private static String run(Path work, Path ferryHome, String javaOpts, int round, String load) throws Exception {
        E2eBench.deleteRecursively(work);
        List<String> options = new ArrayList<>(SET_100);
        options.addAll(Arrays.asList(load.split("\\s+")));
        try (LocalRedisServer source = LocalRedisServer.start(RedisBinary.redis70(), work.resolve("source"), E2eBench.TARGET_ARGS);
             LocalRedisServer target = LocalRedisServer.start(RedisBinary.redis70(), work.resolve("target"), E2eBench.TARGET_ARGS)) {
            Path conf = work.resolve("live.toml");
            Files.writeString(conf, FerryRun.toml("[sync_reader]\naddress = \"" + source.address() + "\"",
                    target.address(), work.resolve("ferry-data"), "checkpoint_interval = \"1s\""));
            LiveSampler.Figures f;
            double sourceRps;
            try (BackgroundFerry ferry = BackgroundFerry.start(ferryHome, conf, work.resolve("ferry.out"), javaOpts)) {
                await(source, target, ferry, 120, LiveBench::acknowledged); // the (empty) snapshot is done
                try (LiveSampler sampler = LiveSampler.start(source, target, 250)) {
                    long t0 = System.nanoTime();
                    sourceRps = redisBenchmark(source, options, work.resolve("bench-source.csv"));
                    sampler.writesEnded(System.nanoTime() - t0);
                    LiveSampler.Sample applied = await(source, target, ferry, CATCH_UP_TIMEOUT_S, s -> s.lagSets() <= 0);
                    LiveSampler.Sample acked = await(source, target, ferry, CATCH_UP_TIMEOUT_S, LiveBench::acknowledged);
                    f = sampler.figures(applied, acked);
                }
                ferry.stop();
            }
            try (Jedis t = target.jedis()) {
                t.flushAll();
            }
            double directRps = redisBenchmark(target, options, work.resolve("bench-target.csv"));
            System.out.printf("round %d, redis-benchmark %s: source written at %,.0f SET/s for %.1f s; Ferry applied %,d SETs "
                            + "in %.1f s = %,.0f SET/s (during the writes %,.0f SET/s); lag while written: median %,d bytes / "
                            + "%,d SETs, max %,d bytes / %,d SETs; caught up (acknowledged) %.1f s after the writes ended; "
                            + "the same load straight into the target: %,.0f SET/s%n", round, load, sourceRps, f.writeSecs(),
                    f.sets(), f.appliedSecs(), f.appliedRate(), f.rateWhileWritten(), f.medianLagBytes(), f.medianLagSets(),
                    f.maxLagBytes(), f.maxLagSets(), f.caughtUpAfterSecs(), directRps);
            return String.format("RESULT | %s | round %d | source %,.0f SET/s | Ferry %,.0f SET/s (%,.0f while written) | "
                            + "lag median %,d B / %,d SETs, max %,d B / %,d SETs | caught up %.1f s after | direct %,.0f SET/s "
                            + "| Ferry/source %.2f | Ferry/direct %.2f |", load, round, sourceRps, f.appliedRate(), f.rateWhileWritten(),
                    f.medianLagBytes(), f.medianLagSets(), f.maxLagBytes(), f.maxLagSets(), f.caughtUpAfterSecs(),
                    directRps, f.appliedRate() / sourceRps, f.appliedRate() / directRps);
        }
    }

    /** Ferry has acknowledged the source's whole replication offset. */
    private static boolean acknowledged(LiveSampler.Sample s) {
        return s.acked() == s.masterOffset();
    }

    /** The first look (every 50 ms) that passes {@code until}; fails when Ferry ends or the deadline passes. */
    private static LiveSampler.Sample await(LocalRedisServer source, LocalRedisServer target, BackgroundFerry ferry,
                                            long seconds, Predicate<LiveSampler.Sample> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            LiveSampler.Sample s = LiveSampler.sample(source, target, System.nanoTime());
            if (until.test(s)) {
                return s;
            }
            ferry.assertAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Ferry did not catch up within " + seconds + " s: " + s + "; output in "
                        + ferry.output());
            }
            Thread.sleep(50);
        }
    }

    /** Runs redis-benchmark against {@code server}; its requests per second (its own CSV report). */
    private static double redisBenchmark(LocalRedisServer server, List<String> options, Path csv)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-benchmark", "-h", server.host(), "-p",
                Integer.toString(server.port()), "--csv"));
        cmd.addAll(options);
        int rc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(csv.toFile()).start().waitFor();
        List<String> lines = Files.readAllLines(csv);
        // "test","rps","avg_latency_ms",...  then  "SET","147058.83",...
        String set = lines.stream().filter(l -> l.startsWith("\"SET\"")).findFirst().orElse(null);
        if (rc != 0 || set == null) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited with " + rc + ": " + lines);
        }
        return Double.parseDouble(set.split(",")[1].replace("\"", ""));
    }
}
