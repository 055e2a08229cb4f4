package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/**
 * Acts the moment a server runs a given command: MONITOR on a connection of its own, and the first time a command line
 * contains {@code text} (as MONITOR prints it: {@code "DUMP" "key"}), {@code action} runs on another connection. What
 * a test uses to change data between two steps of Ferry that it cannot otherwise tell apart.
 *
 * <pre>{@code
 * try (MonitorTrigger t = MonitorTrigger.on(source, "\"PTTL\" \"k\"", j -> j.pexpire("k", 50))) {
 *     ... run Ferry ...
 *     t.awaitFired();
 * }
 * }</pre>
 */
public final class MonitorTrigger implements AutoCloseable {
    private final Jedis monitor;
    private final CompletableFuture<Void> fired = new CompletableFuture<>();
    private final Thread thread;

    private MonitorTrigger(LocalRedisServer server, String text, Consumer<Jedis> action) throws InterruptedException {
        monitor = server.jedis();
        String probe = "monitor-trigger-" + UUID.randomUUID();
        CountDownLatch listening = new CountDownLatch(1);
        thread = new Thread(() -> {
            try (Jedis other = server.jedis()) {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        if (command.contains(probe)) {
                            listening.countDown();
                        } else if (!fired.isDone() && command.contains(text)) {
                            try {
                                action.accept(other);
                                fired.complete(null);
                            } catch (RuntimeException e) {
                                fired.completeExceptionally(e);
                            }
                        }
                    }
                });
            } catch (RuntimeException closed) {
                // close() ends MONITOR by closing its connection
            }
        }, "monitor-trigger");
        thread.setDaemon(true);
        thread.start();
        try (Jedis j = server.jedis()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!listening.await(10, TimeUnit.MILLISECONDS)) {
                assertThat(System.nanoTime()).as("MONITOR on %s listening", server).isLessThan(deadline);
                j.echo(probe);
            }
        }
    }

    /** Returns once MONITOR listens: every command after this call is seen. */
    public static MonitorTrigger on(LocalRedisServer server, String text, Consumer<Jedis> action) throws InterruptedException {
        return new MonitorTrigger(server, text, action);
    }

    /** Fails unless the action has run (or runs within 10 s). */
    public void awaitFired() throws Exception {
        fired.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        monitor.close();
        thread.join(10_000);
    }
}
