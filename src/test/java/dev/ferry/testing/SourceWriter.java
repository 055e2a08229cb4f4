package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.commands.JedisCommands;

/**
 * An application writing to a live source while Ferry replicates it: SET/INCR/LPUSH/DEL/EXPIRE/HSET over a small key
 * space (or, {@link #startCounting} and {@link #startOverwriting}, round after round over given keys), on a thread of
 * its own, until stopped. It can be paused (around a failover: writes a demoted master accepts are lost on the source)
 * and then writes to whatever master its supplier names.
 *
 * <p>{@link #startIdempotent} writes only what may be applied twice and never deletes a key: SET, HSET and EXPIRE
 * (replicated as PEXPIREAT, an absolute time). What a job restarted from a checkpoint applies again then changes
 * nothing (at-least-once delivery), and a full sync that starts over leaves no key on the target that the source
 * deleted meanwhile.
 */
public final class SourceWriter implements AutoCloseable {
    private static final int[] DBS = {0, 1, 5};

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong ops = new AtomicLong();
    private final Map<String, Long> incremented = new ConcurrentHashMap<>();
    private final Supplier<JedisCommands> connect;
    private final Step step;
    private final long seed;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean pauseRequested;
    private volatile boolean paused;

    /** One write of the application; an INCR counts itself in {@code incremented} ("db/key" to times). */
    private interface Step {
        void write(JedisCommands j, Random r, Map<String, Long> incremented);
    }

    private SourceWriter(Supplier<JedisCommands> connect, Step step, long seed) {
        this.connect = connect;
        this.step = step;
        this.seed = seed;
        this.thread = new Thread(this::run, "source-writer");
    }

    /** Writes to dbs 0, 1 and 5 of the server {@code master} names at the start and after each {@link #resume()}. */
    public static SourceWriter start(Supplier<LocalRedisServer> master, long seed) {
        return start(new SourceWriter(() -> master.get().jedis(), (j, r, counted) -> mixed(j, r, true, counted), seed));
    }

    /** Like {@link #start(Supplier, long)}, with idempotent writes only (see above). */
    public static SourceWriter startIdempotent(Supplier<LocalRedisServer> master, long seed) {
        return start(new SourceWriter(() -> master.get().jedis(), (j, r, counted) -> idempotent(j, r), seed));
    }

    /** Writes to a cluster (db 0) through {@code cluster}. */
    public static SourceWriter startOnCluster(Supplier<JedisCluster> cluster, long seed) {
        return start(new SourceWriter(cluster::get, (j, r, counted) -> mixed(j, r, false, counted), seed));
    }

    /**
     * In db 0 of {@code master}, round after round over {@code keys}: {@code INCR n<key>} and {@code APPEND a<key> "<round>,"},
     * about a thousand keys a second (a gentle load that never leaves the source idle for long). Their final values show
     * every write applied once and in order.
     */
    public static SourceWriter startCounting(LocalRedisServer master, List<String> keys) {
        return startRounds(master, keys, (j, key, round) -> {
            j.incr("n" + key);
            j.append("a" + key, round + ",");
        });
    }

    /**
     * Like {@link #startCounting}, with writes that may be applied again without changing the outcome ({@code SET s<key>
     * <round>}, {@code HSET h<key> f<round % 10> <round>}): for a target where Ferry replays from a checkpoint.
     */
    public static SourceWriter startOverwriting(LocalRedisServer master, List<String> keys) {
        return startRounds(master, keys, (j, key, round) -> {
            j.set("s" + key, Long.toString(round));
            j.hset("h" + key, "f" + round % 10, Long.toString(round));
        });
    }

    /** What one key gets in one round. */
    private interface RoundWrite {
        void write(JedisCommands j, String key, long round);
    }

    private static SourceWriter startRounds(LocalRedisServer master, List<String> keys, RoundWrite write) {
        AtomicLong n = new AtomicLong();
        return start(new SourceWriter(master::jedis, (j, r, counted) -> {
            long i = n.getAndIncrement();
            write.write(j, keys.get((int) (i % keys.size())), i / keys.size());
            pace();
        }, 0));
    }

    private static void pace() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SourceWriter start(SourceWriter w) {
        w.thread.start();
        return w;
    }

    private void run() {
        Random r = new Random(seed);
        try {
            while (!stop.get()) {
                if (pauseRequested) {
                    paused = true;
                    Thread.sleep(10);
                    continue;
                }
                try (AutoCloseable connection = (AutoCloseable) connect.get()) {
                    JedisCommands j = (JedisCommands) connection;
                    while (!stop.get() && !pauseRequested) {
                        step.write(j, r, incremented);
                        ops.incrementAndGet();
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private static void mixed(JedisCommands j, Random r, boolean standalone, Map<String, Long> incremented) {
        int db = 0;
        if (standalone) {
            db = DBS[r.nextInt(DBS.length)];
            ((Jedis) j).select(db);
        }
        String k = "live:" + r.nextInt(200);
        switch (r.nextInt(6)) {
            case 0 -> j.set("s:" + k, "v" + r.nextInt(1000));
            case 1 -> {
                j.incr("n:" + k);
                incremented.merge(db + "/n:" + k, 1L, Long::sum);
            }
            case 2 -> j.lpush("l:" + k, "e" + r.nextInt(1000));
            case 3 -> {
                if (standalone) {
                    j.del("s:" + k, "l:" + k); // one command on two keys
                } else {
                    j.del("s:" + k);
                    j.del("l:" + k);
                }
            }
            case 4 -> j.expire("n:" + k, 100 + r.nextInt(100));
            default -> j.hset("h:" + k, "f" + r.nextInt(10), "v" + r.nextInt(1000));
        }
    }

    private static void idempotent(JedisCommands j, Random r) {
        ((Jedis) j).select(DBS[r.nextInt(DBS.length)]);
        String k = "live:" + r.nextInt(200);
        switch (r.nextInt(3)) {
            case 0 -> j.set("s:" + k, "v" + r.nextInt(1000));
            case 1 -> j.expire("s:" + k, 100 + r.nextInt(100));
            default -> j.hset("h:" + k, "f" + r.nextInt(10), "v" + r.nextInt(1000));
        }
    }

    public long ops() {
        return ops.get();
    }

    /** How often each counter was incremented ("db/key" to times), for the mixed writes: what the source must hold. */
    public Map<String, Long> incremented() {
        return Map.copyOf(incremented);
    }

    /** Returns once {@code more} writes have been made since the call: the source changed meanwhile, however loaded the box. */
    public void awaitMoreOps(long more) throws InterruptedException {
        awaitOps(ops.get() + more);
    }

    /** Returns once {@link #ops()} has reached {@code atLeast}; fails after 60 s or when the writer failed. */
    public void awaitOps(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ops.get() < atLeast) {
            assertThat(failure).as("source writer").isNull();
            assertThat(System.nanoTime()).as("source writer at %d ops (now %d)", atLeast, ops.get()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Returns once no write is in flight, and none starts until {@link #resume()}. */
    public void pause() throws InterruptedException {
        pauseRequested = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!paused && failure == null) {
            assertThat(System.nanoTime()).as("source writer paused").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Writes again, to the master the supplier names now. */
    public void resume() {
        paused = false;
        pauseRequested = false;
    }

    public void stopAndJoin() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
        assertThat(failure).as("source writer").isNull();
    }

    @Override
    public void close() throws InterruptedException {
        stopAndJoin();
    }
}
