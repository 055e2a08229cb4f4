package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;

/**
 * A client of a live source writing SET/INCR/LPUSH/DEL/EXPIRE/HSET over a small key space ({@code live:*}) in dbs 0, 1
 * and 5, as fast as it can, until stopped: the writes a live migration has to follow.
 */
public final class SourceWriter implements AutoCloseable {
    private static final int[] DBS = {0, 1, 5};

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong ops = new AtomicLong();
    private final Thread thread;
    private final LocalRedisServer source;
    private final long seed;
    private volatile Throwable failure;

    private SourceWriter(LocalRedisServer source, long seed) {
        this.source = source;
        this.seed = seed;
        this.thread = new Thread(this::run, "source-writer");
    }

    public static SourceWriter start(LocalRedisServer source, long seed) {
        SourceWriter w = new SourceWriter(source, seed);
        w.thread.start();
        return w;
    }

    private void run() {
        Random r = new Random(seed);
        try (Jedis j = source.jedis()) {
            while (!stop.get()) {
                j.select(DBS[r.nextInt(DBS.length)]);
                String k = "live:" + r.nextInt(200);
                switch (r.nextInt(6)) {
                    case 0 -> j.set("s:" + k, "v" + r.nextInt(1000));
                    case 1 -> j.incr("n:" + k);
                    case 2 -> j.lpush("l:" + k, "e" + r.nextInt(1000));
                    case 3 -> j.del("s:" + k, "l:" + k);
                    case 4 -> j.expire("n:" + k, 100 + r.nextInt(100));
                    default -> j.hset("h:" + k, "f" + r.nextInt(10), "v" + r.nextInt(1000));
                }
                ops.incrementAndGet();
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    public long ops() {
        return ops.get();
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
