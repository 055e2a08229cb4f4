package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * The application of the reliability tests: on a thread of its own it writes a steady, bounded rate of commands to the
 * source's db 0, over a small key space in families whose names say whether replaying them is harmless:
 *
 * <ul>
 *   <li>{@code s:*} strings: SET, DEL, EXPIRE (replicated as PEXPIREAT), all idempotent;
 *   <li>{@code c:*} INCRBY, {@code l:*} LPUSH, {@code h:*} HINCRBY, {@code z:*} ZINCRBY, {@code x:*} XADD (replicated
 *       with the entry id the source chose), and MULTI/EXEC blocks of an INCRBY and an LPUSH: applied twice, they
 *       leave a bigger value behind.
 * </ul>
 *
 * The source itself is the expected final state ({@link WorkloadCheck} compares the target with it), and the command
 * mix is seeded, so a case writes the same sequence every run.
 */
public final class Workload implements AutoCloseable {
    public static final int KEYS_PER_FAMILY = 40;

    private final LocalRedisServer source;
    private final long periodNanos;
    private final Random random;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong ops = new AtomicLong();
    private final Thread thread;
    private volatile Throwable failure;

    private Workload(LocalRedisServer source, int opsPerSecond, long seed) {
        this.source = source;
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / opsPerSecond;
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "workload");
    }

    public static Workload start(LocalRedisServer source, int opsPerSecond, long seed) {
        Workload w = new Workload(source, opsPerSecond, seed);
        w.thread.start();
        return w;
    }

    private void run() {
        long next = System.nanoTime();
        try (Jedis j = source.jedis()) {
            while (!stop.get()) {
                write(j);
                ops.incrementAndGet();
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the rate, not waiting for anything
                } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                    next = System.nanoTime(); // a loaded machine: do not try to catch up in a burst
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void write(Jedis j) {
        int k = random.nextInt(KEYS_PER_FAMILY);
        long n = ops.get();
        switch (random.nextInt(10)) {
            case 0 -> j.set("s:" + k, "v" + n);
            case 1 -> j.del("s:" + k);
            case 2 -> j.expire("s:" + k, 600);
            case 3 -> j.incrBy("c:" + k, 1 + random.nextInt(9));
            case 4 -> j.lpush("l:" + k, "e" + n);
            case 5 -> j.hincrBy("h:" + k, "f" + random.nextInt(5), 1 + random.nextInt(9));
            case 6 -> j.xadd("x:" + k, redis.clients.jedis.StreamEntryID.NEW_ENTRY, java.util.Map.of("n", Long.toString(n)));
            case 7 -> j.zincrby("z:" + k, 1 + random.nextInt(9), "m" + random.nextInt(5));
            case 8 -> {
                Transaction t = j.multi();
                t.incrBy("c:" + k, 1);
                t.lpush("l:" + k, "b" + n);
                t.exec();
            }
            default -> j.set("s:" + k, "w" + n);
        }
    }

    public long ops() {
        return ops.get();
    }

    /** Returns once {@code more} further commands are written (the workload's length after a fault). */
    public void awaitMore(long more) throws InterruptedException {
        long until = ops.get() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ops.get() < until) {
            assertThat(failure).as("workload").isNull();
            assertThat(System.nanoTime()).as("the workload wrote %d more commands within 60 s", more).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    public void stopAndJoin() throws InterruptedException {
        stop.set(true);
        thread.join(10_000);
        assertThat(failure).as("workload").isNull();
    }

    @Override
    public void close() throws InterruptedException {
        stopAndJoin();
    }
}
