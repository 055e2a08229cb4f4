package dev.ferry.source.scan;

import dev.ferry.resp.RedisConnection;
import dev.ferry.ratelimit.RateLimits;
import dev.ferry.resp.RedisEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;

/**
 * The data connection to one source shard: every command the scan sends goes through {@link #pipeline}, which
 * takes its permits from the reader's rate limiter ({@code max_qps}), selects the db when it differs from the
 * selected one, and reads every reply. One thread only.
 */
@Internal
public final class ShardConnection implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 60_000;
    private static final byte[] SELECT = ascii("SELECT");

    private final RedisConnection connection;
    private final RateLimiter<?> limiter;
    private int selectedDb;

    private ShardConnection(RedisConnection connection, RateLimiter<?> limiter) {
        this.connection = connection;
        this.limiter = limiter;
    }

    public static ShardConnection open(RedisEndpoint endpoint, RateLimiter<?> limiter) {
        return new ShardConnection(RedisConnection.open(endpoint, READ_TIMEOUT_MS), limiter);
    }

    public RedisEndpoint endpoint() {
        return connection.endpoint();
    }

    /** The underlying connection, for setup commands that are not part of the scan (and not rate limited). */
    public RedisConnection raw() {
        return connection;
    }

    /**
     * Sends {@code commands} in {@code db} in one round trip and returns their replies, in order; error replies are
     * returned as they are (a {@link dev.ferry.resp.RespError}), except a refused SELECT.
     */
    public List<Object> pipeline(int db, List<byte[][]> commands) throws IOException {
        boolean select = db != selectedDb;
        acquire(commands.size() + (select ? 1 : 0));
        if (select) {
            connection.writer().command(SELECT, ascii(Integer.toString(db)));
        }
        for (byte[][] c : commands) {
            connection.writer().command(c);
        }
        connection.writer().flush();
        if (select) {
            SourceReplies.check(connection.reader().read(), "SELECT " + db, endpoint());
            selectedDb = db;
        }
        List<Object> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(connection.reader().read());
        }
        return replies;
    }

    /** One command in {@code db}. */
    public Object call(int db, byte[]... command) throws IOException {
        return pipeline(db, List.<byte[][]>of(command)).get(0);
    }

    private void acquire(int permits) throws IOException {
        RateLimits.acquire(limiter, permits, "[scan_reader] max_qps");
    }

    @Override
    public void close() {
        connection.close();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
