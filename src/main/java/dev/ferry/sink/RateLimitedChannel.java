package dev.ferry.sink;

import dev.ferry.event.CommandEvent;
import dev.ferry.ratelimit.RateLimits;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;

/**
 * {@code [advanced] target_redis_max_qps}: a token bucket in front of a writer subtask's channel. Every command the
 * writer sends takes a token (a MULTI/EXEC block one per command, MULTI and EXEC included); the job's rate is shared
 * evenly among the writer subtasks ({@link RateLimits}), as {@code [scan_reader] max_qps} is on the source. The channel's own SELECTs and the resends of a redirect are not counted.
 *
 * <p>Tokens are taken in batches of about 1/20 s of the subtask's rate, so the limiter's thread is not asked for every
 * command; before waiting for the next batch, what is queued is sent, so the target sees a steady rate rather than the
 * pipeline's bursts.
 */
final class RateLimitedChannel<T> implements TargetChannel<T> {
    private static final int MAX_BATCH = 1000;

    private final TargetChannel<T> channel;
    private final RateLimiter<?> limiter;
    private final int batch;
    private int tokens;
    /** The writer's, from its last drain; until then a flush has no replay to hand on (nothing was answered yet). */
    private ReplyHandler<T> handler = (tag, reply) -> {
        throw new IllegalStateException("a flush read a reply before the writer ever drained");
    };

    private RateLimitedChannel(TargetChannel<T> channel, RateLimiter<?> limiter, int batch) {
        this.channel = channel;
        this.limiter = limiter;
        this.batch = batch;
    }

    /**
     * @param maxQps   the job's limit, 0 for none (then {@code channel} itself is returned)
     * @param subtasks how many writer subtasks share it
     */
    static <T> TargetChannel<T> around(TargetChannel<T> channel, long maxQps, int subtasks) {
        if (maxQps <= 0) {
            return channel;
        }
        double perSubtask = (double) maxQps / subtasks;
        int batch = (int) Math.max(1, Math.min(MAX_BATCH, perSubtask / 20));
        return new RateLimitedChannel<>(channel, RateLimits.perSubtask(maxQps, subtasks), batch);
    }

    @Override
    public void send(int db, byte[] routingKey, byte[][] argv, T tag) throws IOException {
        take(1);
        channel.send(db, routingKey, argv, tag);
    }

    @Override
    public void sendTransaction(byte[] routingKey, List<CommandEvent> commands, T tag) throws IOException {
        take(commands.size() + 2);
        channel.sendTransaction(routingKey, commands, tag);
    }

    @Override
    public Object call(int db, byte[] routingKey, byte[]... argv) throws IOException {
        take(1);
        return channel.call(db, routingKey, argv);
    }

    private void take(int n) throws IOException {
        if (tokens < n) {
            flushQueued();
            int wanted = Math.max(batch, n - tokens);
            RateLimits.acquire(limiter, wanted, "[advanced] target_redis_max_qps");
            tokens += wanted;
        }
        tokens -= n;
    }

    /**
     * Sends what is queued and reads nothing, as a drain that may leave every command unanswered does; except on a
     * Sentinel target that finds its master gone there and replays the unanswered commands on the new one: their
     * replies go to the writer's handler, as they would in the writer's own drain.
     */
    private void flushQueued() throws IOException {
        if (channel.inFlight() > 0) {
            channel.drain(channel.inFlight(), handler);
        }
    }

    @Override
    public void open() {
        channel.open();
    }

    @Override
    public void drain(int leave, ReplyHandler<T> handler) throws IOException {
        this.handler = handler;
        channel.drain(leave, handler);
    }

    @Override
    public void awaitReplicated() throws IOException {
        channel.awaitReplicated();
    }

    @Override
    public ChannelStats stats() {
        return channel.stats();
    }

    @Override
    public int inFlight() {
        return channel.inFlight();
    }

    @Override
    public boolean isCluster() {
        return channel.isCluster();
    }

    @Override
    public boolean holdsDb(int db) {
        return channel.holdsDb(db);
    }

    @Override
    public String addressFor(byte[] routingKey) {
        return channel.addressFor(routingKey);
    }

    @Override
    public void close() {
        channel.close();
    }
}
