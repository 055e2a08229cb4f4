package dev.ferry.bench;

import dev.ferry.local.LocalRedisServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import redis.clients.jedis.Jedis;

/**
 * Samples a live migration from the outside, on a thread of its own: the source's {@code master_repl_offset} and the
 * offset its one replica (Ferry) acknowledged, which Ferry sends only for completed checkpoints, and the SET calls
 * each server ran ({@code INFO commandstats}), whose difference is what Ferry has not applied yet.
 */
final class LiveSampler implements AutoCloseable {
    private final LocalRedisServer source;
    private final LocalRedisServer target;
    private final long periodMs;
    private final long t0 = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile long writesEndNanos = -1;

    /** One look at both servers; {@code acked} is -1 while no replica is online. */
    record Sample(long nanos, long masterOffset, long acked, long sourceSets, long targetSets) {
        long lagBytes() {
            return masterOffset - acked;
        }

        long lagSets() {
            return sourceSets - targetSets;
        }
    }

    /**
     * @param writeSecs          how long the source was written
     * @param sets               SETs the source ran while sampled
     * @param appliedSecs        from the start of the writes until the target had run all of them
     * @param rateWhileWritten   SETs the target ran per second while the source was being written
     * @param caughtUpAfterSecs  from the end of the writes until Ferry acknowledged the source's whole offset
     */
    record Figures(double writeSecs, long sets, double appliedSecs, double rateWhileWritten, long medianLagBytes,
                   long maxLagBytes, long medianLagSets, long maxLagSets, double caughtUpAfterSecs) {
        double appliedRate() {
            return sets / appliedSecs;
        }
    }

    private LiveSampler(LocalRedisServer source, LocalRedisServer target, long periodMs) {
        this.source = source;
        this.target = target;
        this.periodMs = periodMs;
        this.thread = new Thread(this::run, "live-sampler");
    }

    static LiveSampler start(LocalRedisServer source, LocalRedisServer target, long periodMs) {
        LiveSampler s = new LiveSampler(source, target, periodMs);
        s.add(sample(source, target, s.t0));
        s.thread.start();
        return s;
    }

    static Sample sample(LocalRedisServer source, LocalRedisServer target, long nanos) {
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            String replication = s.info("replication");
            long master = Long.parseLong(field(replication, "master_repl_offset"));
            String replica = field(replication, "slave0");
            long acked = replica == null || !replica.contains("state=online") ? -1
                    : Long.parseLong(replica.replaceAll(".*offset=(\\d+).*", "$1"));
            return new Sample(nanos, master, acked, setCalls(s.info("commandstats")), setCalls(t.info("commandstats")));
        }
    }

    /** The writes ended {@code elapsedNanos} after this sampler started. */
    void writesEnded(long elapsedNanos) {
        writesEndNanos = t0 + elapsedNanos;
    }

    /** @param applied the first look at which the target had run every SET; {@code acked}: Ferry acknowledged everything */
    Figures figures(Sample applied, Sample acked) {
        close();
        long end = writesEndNanos;
        List<Sample> during;
        synchronized (samples) {
            during = samples.stream().filter(s -> s.nanos() <= end).toList();
        }
        Sample first = during.get(0);
        Sample last = during.get(during.size() - 1);
        double lastSecs = (last.nanos() - t0) / 1e9;
        List<Sample> online = during.stream().filter(s -> s.acked() >= 0).toList();
        return new Figures((end - t0) / 1e9, applied.sourceSets() - first.sourceSets(), (applied.nanos() - t0) / 1e9,
                lastSecs > 0 ? (last.targetSets() - first.targetSets()) / lastSecs : 0,
                median(online, Sample::lagBytes), max(online, Sample::lagBytes),
                median(during, Sample::lagSets), max(during, Sample::lagSets), (acked.nanos() - end) / 1e9);
    }

    private static long median(List<Sample> samples, ToLongFunction<Sample> f) {
        List<Sample> sorted = samples.stream().sorted(Comparator.comparingLong(f)).toList();
        return sorted.isEmpty() ? 0 : f.applyAsLong(sorted.get(sorted.size() / 2));
    }

    private static long max(List<Sample> samples, ToLongFunction<Sample> f) {
        return samples.stream().mapToLong(f).max().orElse(0);
    }

    private void run() {
        while (!stop) {
            try {
                Thread.sleep(periodMs);
                add(sample(source, target, System.nanoTime()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void add(Sample s) {
        synchronized (samples) {
            samples.add(s);
        }
    }

    private static long setCalls(String commandstats) {
        String set = field(commandstats, "cmdstat_set");
        return set == null ? 0 : Long.parseLong(set.replaceAll("^calls=(\\d+),.*", "$1"));
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
