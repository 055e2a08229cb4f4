package dev.ferry.verify;

import dev.ferry.config.FerryConfig;
import dev.ferry.config.RedisWriterConfig;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.sink.TargetChannel;
import dev.ferry.sink.TargetChannels;
import dev.ferry.sink.exactlyonce.MarkerKeys;
import dev.ferry.source.LiveSourceServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.util.ExceptionUtils;

/**
 * {@code ferry verify}: compares the configured source with the target key by key, in this JVM, one comparer thread
 * per source server (one for an RDB source), or as a Flink job ({@link VerifyJob}), then {@code --extra}'s scan of
 * the target. Later rounds re-check only
 * the keys that differed, after the interval; what still differs after the last round is the result.
 *
 * <pre>{@code
 * VerifyResult r = Verify.run(config, new VerifyOptions(VerifyMode.full, false, 2000, 3, 5000, 10_000, false));
 * }</pre>
 */
public final class Verify {
    private static final int READ_TIMEOUT_MS = 30_000;

    private Verify() {}

    public static VerifyResult run(FerryConfig cfg, VerifyOptions options) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<Comparer> comparers = new ArrayList<>();
        try {
            // asked once: the job's parts and the later rounds' rechecks go by the index of a server in this list
            List<RedisEndpoint> servers = cfg.rdbReader() != null ? List.of() : LiveSourceServers.of(cfg);
            RdbComparer rdb = null;
            if (cfg.rdbReader() != null) {
                rdb = new RdbComparer(cfg.rdbReader().filepaths(), target(cfg.redisWriter()), cfg.filter(), options,
                        System::currentTimeMillis, options.extra());
                comparers.add(rdb);
            } else {
                for (RedisEndpoint server : servers) {
                    NodeSide source = node(server, "source");
                    Side target = target(cfg.redisWriter());
                    comparers.add(new ShardComparer(source, target, new BatchComparer(source, target, cfg.filter(), options)));
                }
            }
            List<List<Difference>> differing = new ArrayList<>();
            long compared = 0;
            for (Comparer.RoundResult r : firstRound(cfg, options, comparers, rdb, servers)) {
                compared += r.compared();
                differing.add(r.differences());
            }
            if (options.extra()) {
                Comparer extra = extraComparer(cfg, rdb, servers);
                comparers.add(extra);
                Comparer.RoundResult r = extra.firstRound();
                compared += r.compared();
                differing.add(r.differences());
            }
            List<Long> perRound = new ArrayList<>(List.of(count(differing)));
            for (int round = 2; round <= options.rounds() && count(differing) > 0; round++) {
                Thread.sleep(options.intervalMs());
                List<List<Difference>> before = differing;
                List<Integer> indexes = new ArrayList<>();
                for (int i = 0; i < comparers.size(); i++) {
                    indexes.add(i);
                }
                differing = inParallel(indexes, i -> comparers.get(i).recheck(before.get(i)));
                perRound.add(count(differing));
            }
            List<Difference> all = new ArrayList<>();
            differing.forEach(all::addAll);
            return new VerifyResult(options, compared, perRound, all, (System.nanoTime() - start) / 1_000_000);
        } finally {
            comparers.forEach(Comparer::close);
        }
    }

    /** Round 1 on the comparers' threads, or as a Flink job whose results stand for theirs. */
    private static List<Comparer.RoundResult> firstRound(FerryConfig cfg, VerifyOptions options, List<Comparer> comparers,
            RdbComparer rdb, List<RedisEndpoint> servers) throws IOException, InterruptedException {
        if (!options.flinkJob()) {
            return inParallel(comparers, Comparer::firstRound);
        }
        List<Comparer.RoundResult> results;
        try {
            results = VerifyJob.firstRound(cfg, options, servers);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // what a comparer threw inside the job, e.g. a source that refuses SCAN: the same message as without the job
            Optional<VerifyException> refused = ExceptionUtils.findThrowable(e, VerifyException.class);
            if (refused.isPresent()) {
                throw refused.get();
            }
            throw new IOException("the verify job failed: " + ExceptionUtils.stripExecutionException(e).getMessage(), e);
        }
        if (rdb != null) {
            rdb.adopt(results.get(0).differences());
        }
        return results;
    }

    private static long count(List<List<Difference>> differing) {
        return differing.stream().mapToLong(List::size).sum();
    }

    /** {@code --extra}: every server of the target is scanned; its keys are looked up in the RDB files or on the one source server. */
    private static Comparer extraComparer(FerryConfig cfg, RdbComparer rdb, List<RedisEndpoint> servers) {
        if (rdb == null && servers.size() != 1) {
            throw new VerifyException("--extra looks target keys up on one source server: it needs a standalone or "
                    + "Sentinel [sync_reader] or [scan_reader] (not a cluster source) for now; run without --extra");
        }
        RedisWriterConfig w = cfg.redisWriter();
        List<NodeSide> scanned = TargetChannels.masters(w).stream().map(server -> node(server, "target")).toList();
        ExtraComparer.SourceKeys source = rdb != null ? (db, keys) -> {
            boolean[] present = new boolean[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                present[i] = rdb.keys().contains(RdbComparer.DbKey.of(db, keys.get(i)));
            }
            return present;
        } : ExtraComparer.SourceKeys.on(node(servers.get(0), "source"));
        return new ExtraComparer(scanned, target(w), source, cfg.filter(),
                new MarkerKeys(cfg.advanced().markerPrefix(), w.cluster())::isMarker);
    }

    static NodeSide node(RedisEndpoint endpoint, String role) {
        return new NodeSide(RedisConnection.open(endpoint, READ_TIMEOUT_MS), role + " " + endpoint.address());
    }

    static Side target(RedisWriterConfig w) {
        TargetChannel<Integer> channel = TargetChannels.of(w, READ_TIMEOUT_MS);
        channel.open();
        return new TargetSide(channel);
    }

    /** A task of one comparer that may fail with an IOException. */
    @FunctionalInterface
    private interface Task<I, O> {
        O run(I input) throws IOException;
    }

    /** Runs {@code task} on each input, one thread each; the first failure is thrown as it was. */
    private static <I, O> List<O> inParallel(List<I> inputs, Task<I, O> task) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, inputs.size()), r -> {
            Thread t = new Thread(r, "ferry-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<O>> futures = new ArrayList<>();
            for (I input : inputs) {
                Callable<O> c = () -> task.run(input);
                futures.add(pool.submit(c));
            }
            List<O> out = new ArrayList<>();
            for (Future<O> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
