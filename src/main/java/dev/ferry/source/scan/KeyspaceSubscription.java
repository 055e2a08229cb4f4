package dev.ferry.source.scan;

import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * A dedicated connection subscribed to a shard's keyspace notifications ({@code PSUBSCRIBE __keyspace@<db>__:*}), read
 * by a thread of its own into a bounded queue that the scan drains. When the queue is full the thread stops reading:
 * the source then buffers (up to its {@code client-output-buffer-limit pubsub}) or drops the subscription, which
 * {@link #lost()} reports. The thread pings the source when it has been quiet for a while, so a dead connection is
 * noticed too.
 */
@Internal
public final class KeyspaceSubscription implements AutoCloseable {
    /** Quiet this long, the thread sends PING; no answer after three times as long, the connection is dead. */
    private static final int PING_AFTER_MS = 5_000;
    private static final int QUEUE = 100_000;
    private static final byte[] PREFIX = "__keyspace@".getBytes(StandardCharsets.US_ASCII);

    /** A key that changed, in the db it changed in. */
    public record Notification(int db, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Notification n && db == n.db && Arrays.equals(key, n.key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }
    }

    private final RedisConnection connection;
    private final BlockingQueue<Notification> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile boolean closing;
    @Nullable private volatile String lost;

    private KeyspaceSubscription(RedisConnection connection) {
        this.connection = connection;
        this.thread = new Thread(this::receive, "ferry-ksn-" + connection.endpoint().address());
        this.thread.setDaemon(true);
    }

    /** The PSUBSCRIBE patterns for the notifications of {@code dbs} (every db when empty). */
    public static List<String> patterns(List<Integer> dbs) {
        return dbs.isEmpty() ? List.of("__keyspace@*__:*") : dbs.stream().map(db -> "__keyspace@" + db + "__:*").toList();
    }

    /** Subscribes to the notifications of {@code dbs} (every db when empty) and starts receiving. */
    public static KeyspaceSubscription open(RedisEndpoint endpoint, List<Integer> dbs) throws IOException {
        RedisConnection c = RedisConnection.open(endpoint, PING_AFTER_MS);
        try {
            List<String> patterns = patterns(dbs);
            List<String> command = new ArrayList<>(List.of("PSUBSCRIBE"));
            command.addAll(patterns);
            c.writer().command(command.toArray(String[]::new));
            c.writer().flush();
            for (int i = 0; i < patterns.size(); i++) {
                Object reply = c.reader().read();
                if (reply instanceof RespError err) {
                    throw SourceReplies.refused("PSUBSCRIBE", endpoint, err);
                }
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        KeyspaceSubscription s = new KeyspaceSubscription(c);
        s.thread.start();
        return s;
    }

    /** Up to {@code max} notifications, in the order they came, without waiting. */
    public List<Notification> drain(int max) {
        List<Notification> out = new ArrayList<>();
        queue.drainTo(out, max);
        return out;
    }

    /** Like {@link #drain}, but waits up to {@code waitMs} for the first one. */
    public List<Notification> await(int max, long waitMs) throws InterruptedException {
        Notification first = queue.poll(waitMs, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Notification> out = new ArrayList<>(List.of(first));
        queue.drainTo(out, max - 1);
        return out;
    }

    /** Why the subscription ended, or null while it runs: notifications after that are missed. */
    @Nullable
    public String lost() {
        return lost;
    }

    private void receive() {
        long pingSentAt = 0;
        try {
            while (!closing) {
                try {
                    connection.reader().peekByte();
                } catch (SocketTimeoutException quiet) {
                    long now = System.currentTimeMillis();
                    if (pingSentAt > 0 && now - pingSentAt > 3L * PING_AFTER_MS) {
                        throw new IOException("no answer to PING for " + (now - pingSentAt) + " ms");
                    }
                    if (pingSentAt == 0) {
                        connection.writer().command("PING");
                        connection.writer().flush();
                        pingSentAt = now;
                    }
                    continue;
                }
                List<?> message = (List<?>) connection.reader().read();
                String kind = SourceReplies.text(message.get(0));
                if (kind.equals("pmessage")) {
                    Notification n = parse((byte[]) message.get(2));
                    if (n != null) {
                        queue.put(n);
                    }
                } else if (kind.equals("pong")) {
                    pingSentAt = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lost = "interrupted";
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                lost = e.getMessage() == null ? e.toString() : e.getMessage();
            }
        }
    }

    /** {@code __keyspace@<db>__:<key>}, the key taken as bytes; null for a channel of another shape. */
    @Nullable
    static Notification parse(byte[] channel) {
        if (channel.length < PREFIX.length || !Arrays.equals(channel, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            return null;
        }
        int db = 0;
        int i = PREFIX.length;
        while (i < channel.length && channel[i] >= '0' && channel[i] <= '9') {
            db = db * 10 + (channel[i++] - '0');
        }
        if (i == PREFIX.length || i + 3 > channel.length || channel[i] != '_' || channel[i + 1] != '_' || channel[i + 2] != ':') {
            return null;
        }
        return new Notification(db, Arrays.copyOfRange(channel, i + 3, channel.length));
    }

    @Override
    public void close() {
        closing = true;
        connection.close();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
