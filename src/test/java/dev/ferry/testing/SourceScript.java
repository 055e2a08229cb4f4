package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;

/** A client of a live source running a fixed script of writes on a thread of its own, while Ferry replicates them. */
public final class SourceScript extends Thread {
    private final LocalRedisServer source;
    private final Consumer<Jedis> script;
    private volatile Throwable failure;

    private SourceScript(LocalRedisServer source, Consumer<Jedis> script) {
        super("source-script");
        this.source = source;
        this.script = script;
    }

    public static SourceScript start(LocalRedisServer source, Consumer<Jedis> script) {
        SourceScript s = new SourceScript(source, script);
        s.start();
        return s;
    }

    @Override
    public void run() {
        try (Jedis j = source.jedis()) {
            script.accept(j);
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Until the script has run, at most 30 s; fails the test when it threw. */
    public void awaitDone() throws InterruptedException {
        join(30_000);
        assertThat(isAlive()).as("source client still writing after 30 s").isFalse();
        assertThat(failure).as("source client").isNull();
    }
}
