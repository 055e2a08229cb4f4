package dev.ferry.source.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import redis.clients.jedis.Jedis;

/** Helpers for tests that make Ferry a replica of a real redis-server. */
final class SyncTesting {
    static final String SECTION = "[sync_reader]";

    private SyncTesting() {}

    static RedisEndpoint endpoint(LocalRedisServer s) {
        return endpoint(s, null, null);
    }

    static RedisEndpoint endpoint(LocalRedisServer s, String username, String password) {
        return new RedisEndpoint(LocalRedisServer.HOST, s.port(), username, password, TlsSettings.OFF, SECTION);
    }

    /** master_repl_offset, master_replid... from INFO replication. */
    static String replicationField(Jedis j, String name) {
        for (String line : j.info("replication").split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new IllegalStateException("no " + name + " in INFO replication");
    }

    static long masterOffset(Jedis j) {
        return Long.parseLong(replicationField(j, "master_repl_offset"));
    }

    /** The argv as text, "SET a 1". */
    static String text(ReplicationItem.Command c) {
        List<String> args = new ArrayList<>();
        for (byte[] a : c.argv()) {
            args.add(new String(a, StandardCharsets.UTF_8));
        }
        return String.join(" ", args);
    }

    /**
     * Reads a {@link ReplicationStream} on a thread of its own (next() blocks), so a test can wait for items with a
     * timeout, and plays the writer: everything read counts as acknowledged.
     */
    static final class Collector implements AutoCloseable {
        private final ReplicationStream stream;
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final Thread thread;
        final AtomicLong acked;

        Collector(ReplicationStream stream, AtomicLong acked) {
            this.stream = stream;
            this.acked = acked;
            this.thread = new Thread(this::run, "test-collector");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void run() {
            try {
                while (true) {
                    ReplicationItem item = stream.next();
                    if (item != null) {
                        acked.set(item.offset());
                        queue.add(item);
                    }
                }
            } catch (IOException | RuntimeException e) {
                queue.add(e);
            }
        }

        /** Items until one ends exactly at {@code offset}; fails on an item beyond it or after 20 s. */
        List<ReplicationItem> until(long offset) throws Exception {
            List<ReplicationItem> items = new ArrayList<>();
            while (true) {
                Object o = queue.poll(20, TimeUnit.SECONDS);
                if (o == null) {
                    throw new AssertionError("no item ending at offset " + offset + " within 20 s; got " + items);
                }
                if (o instanceof Exception e) {
                    throw new AssertionError("stream failed before offset " + offset + " after " + items, e);
                }
                ReplicationItem item = (ReplicationItem) o;
                items.add(item);
                if (item.offset() == offset) {
                    return items;
                }
                if (item.offset() > offset) {
                    throw new AssertionError("item " + item + " ends beyond offset " + offset + "; got " + items);
                }
            }
        }

        /** Everything until the stream fails (the connection was dropped): the items and the failure. */
        List<ReplicationItem> drain(List<Exception> failure) throws Exception {
            List<ReplicationItem> items = new ArrayList<>();
            while (true) {
                Object o = queue.poll(20, TimeUnit.SECONDS);
                if (o == null) {
                    throw new AssertionError("the stream did not fail within 20 s; got " + items);
                }
                if (o instanceof Exception e) {
                    failure.add(e);
                    return items;
                }
                items.add((ReplicationItem) o);
            }
        }

        ReplicationStream stream() {
            return stream;
        }

        @Override
        public void close() throws IOException {
            stream.close();
            thread.interrupt();
        }
    }

    static ReplicaOptions options(Duration ackInterval) {
        return new ReplicaOptions(0, Duration.ofSeconds(30), ackInterval);
    }
}
