package dev.ferry.sink;

import dev.ferry.event.CommandEvent;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.sink.sentinel.SentinelResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the master that Sentinel names, and follows it through a failover: a lost connection, or
 * {@code READONLY} from a master that was demoted under us, sends the unanswered commands again, in order,
 * to the master the Sentinels name next. A command the old master applied before it failed is applied
 * again; RESTOREs of it come back as BUSYKEY and are recognised as identical.
 */
public final class SentinelChannel<T> implements TargetChannel<T> {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelChannel.class);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_FAILOVERS_PER_DRAIN = 5;
    private static final byte[] ROLE = "ROLE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WAIT = "WAIT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE = "1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLICATION_TIMEOUT_MS = "5000".getBytes(StandardCharsets.US_ASCII);

    private final SentinelResolver resolver;
    /** Asks at every full drain (each checkpoint) whether the Sentinels still name the master, over one kept connection. */
    private final SentinelResolver.Watch sentinel;
    private final int readTimeoutMs;
    private StandaloneChannel<Pending<T>> master;
    /** The master this channel left since the last full drain, or null: it may have lost writes it acknowledged. */
    private String leftMaster;
    private final ChannelStats stats = new ChannelStats();

    /** What was sent (a command, or a MULTI/EXEC block when {@code block} is set), kept so it can be sent again to the next master. */
    private record Pending<T>(int db, byte[] routingKey, byte[][] argv, List<CommandEvent> block, T tag) {
        void sendTo(StandaloneChannel<Pending<T>> master) throws IOException {
            if (block == null) {
                master.send(db, routingKey, argv, this);
            } else {
                master.sendTransaction(routingKey, block, this);
            }
        }
    }

    public SentinelChannel(SentinelResolver resolver, int readTimeoutMs) {
        this.resolver = resolver;
        this.sentinel = resolver.watch();
        this.readTimeoutMs = readTimeoutMs;
    }

    @Override
    public void open() {
        connect(resolver.resolve());
    }

    private void connect(RedisEndpoint endpoint) {
        master = new StandaloneChannel<>(endpoint, readTimeoutMs);
        master.open();
        LOG.info("target {}: writing to master {}", resolver, endpoint.address());
    }

    @Override
    public void send(int db, byte[] routingKey, byte[][] argv, T tag) throws IOException {
        new Pending<>(db, routingKey, argv, null, tag).sendTo(master);
    }

    @Override
    public void sendTransaction(byte[] routingKey, List<CommandEvent> commands, T tag) throws IOException {
        new Pending<T>(commands.get(0).db(), routingKey, null, commands, tag).sendTo(master);
    }

    @Override
    public void drain(int leave, ReplyHandler<T> handler) throws IOException {
        int target = leave;
        for (int failovers = 0; ; failovers++) {
            List<Pending<T>> replay = new ArrayList<>();
            boolean lost = false;
            try {
                master.drain(target, (p, reply) -> {
                    // once the master refused as a replica, everything after it on this connection is replayed too
                    if (!replay.isEmpty() || isReadOnly(reply)) {
                        replay.add(p);
                    } else {
                        handler.reply(p.tag(), reply);
                    }
                });
            } catch (IOException e) {
                LOG.warn("target {}: lost master {}: {}", resolver, master.endpoint().address(), e.getMessage());
                lost = true;
            }
            if (lost || !replay.isEmpty()) {
                // the connection is given up: what it has not answered yet goes to the next master too
                replay.addAll(master.unanswered());
            }
            if (replay.isEmpty()) {
                if (leave == 0) {
                    confirmMaster();
                }
                return;
            }
            if (failovers == MAX_FAILOVERS_PER_DRAIN) {
                throw new TargetWriteException("target " + resolver + " changed master " + failovers
                        + " times while Ferry was writing; check the Sentinels' view (SENTINEL MASTERS)", null);
            }
            followFailover();
            stats.retried(replay.size());
            for (Pending<T> p : replay) {
                p.sendTo(master);
            }
            target = 0; // the replayed commands are answered before the writer sends more
        }
    }

    /**
     * A demoted master keeps accepting writes until Sentinel reconfigures it (up to ~10 s), and loses them
     * when it resyncs from the new master; a crashed one loses what it had not replicated. So before the writer
     * reports everything acknowledged (a checkpoint), the Sentinels must still name the master that acknowledged
     * it, and this channel must not have left another one since the last checkpoint; otherwise the job restarts
     * from the last checkpoint and writes that interval again.
     */
    private void confirmMaster() {
        if (leftMaster == null && stillMaster()) {
            return;
        }
        RedisEndpoint named = resolver.resolve();
        boolean followed = leftMaster != null;
        String from = followed ? leftMaster : master.endpoint().address();
        leftMaster = null;
        if (followed || !named.address().equals(from)) {
            throw new TargetWriteException("target " + resolver + ": the master moved from " + from + " to "
                    + named.address() + " while Ferry was writing; what the old master acknowledged may be lost, so the job "
                    + "restarts from its last checkpoint and writes it again", null);
        }
    }

    /**
     * The common case, without new connections: the kept Sentinel connection names the master this channel writes to,
     * and that master says ROLE master on the channel's own connection. Anything else is decided by
     * {@link SentinelResolver#resolve()}, which asks every Sentinel and verifies the node it names.
     */
    private boolean stillMaster() {
        String address = master.endpoint().address();
        if (!address.equals(sentinel.namedMaster())) {
            return false;
        }
        try {
            return SentinelResolver.isMaster(master.call(0, null, ROLE));
        } catch (IOException lost) {
            // like a connection lost while writing: what it acknowledged may be gone, so this checkpoint must fail
            LOG.warn("target {}: lost master {}: {}", resolver, address, lost.getMessage());
            followFailover();
            return false;
        }
    }

    /**
     * Replication is asynchronous, so a master acknowledges writes a failover then loses; and while Sentinel fails it
     * over, the old master still takes writes, with its replica gone. {@code WAIT 1} puts a checkpoint's writes on a
     * replica before the checkpoint completes: a failover keeps them, and a checkpoint on a master that has lost its
     * replica fails, so the job restarts from the last checkpoint the new master holds. A master Sentinel knows no
     * healthy replica of cannot be failed over, and is not waited for.
     */
    @Override
    public void awaitReplicated() throws IOException {
        if (sentinel.healthyReplicas().isEmpty()) {
            return;
        }
        Object reply = master.call(0, null, WAIT, ONE, REPLICATION_TIMEOUT_MS);
        if (reply instanceof Long n && n >= 1) {
            return;
        }
        throw new TargetWriteException("target " + resolver + ": no replica of master " + master.endpoint().address()
                + " acknowledged Ferry's writes within " + new String(REPLICATION_TIMEOUT_MS, StandardCharsets.US_ASCII)
                + " ms (" + (reply instanceof RespError err ? err.message() + "; allow +wait for Ferry's user"
                : "the master may be failing over, or its replica lags") + "); a failover could lose them, so the job "
                + "restarts from its last checkpoint and writes them again", null);
    }

    private static boolean isReadOnly(Object reply) {
        return reply instanceof RespError err && err.is("READONLY");
    }

    /** Waits for the Sentinels to name a master that accepts writes (a promoted replica, or the old one back). */
    private void followFailover() {
        RedisEndpoint previous = master.endpoint();
        if (leftMaster == null) {
            leftMaster = previous.address();
        }
        master.close();
        long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
        RedisConnectException last = null;
        while (System.nanoTime() < deadline) {
            try {
                connect(resolver.resolve());
                LOG.info("target {}: master moved from {} to {}", resolver, previous.address(), master.endpoint().address());
                stats.reconnected();
                return;
            } catch (RedisConnectException e) {
                last = e;
                pause();
            }
        }
        throw new TargetWriteException("target " + resolver + ": no writable master within " + FAILOVER_TIMEOUT.toSeconds()
                + " s after " + previous.address() + " failed" + (last == null ? "" : ": " + last.getMessage())
                + "; the unacknowledged writes are replayed from the last checkpoint when the job restarts", last);
    }

    @Override
    public int inFlight() {
        return master.inFlight();
    }

    @Override
    public Object call(int db, byte[] routingKey, byte[]... argv) throws IOException {
        for (int failovers = 0; failovers < MAX_FAILOVERS_PER_DRAIN; failovers++) {
            try {
                Object reply = master.call(db, routingKey, argv);
                if (!isReadOnly(reply)) {
                    return reply;
                }
            } catch (IOException lost) {
                LOG.warn("target {}: lost master {}: {}", resolver, master.endpoint().address(), lost.getMessage());
            }
            followFailover();
        }
        throw new TargetWriteException("target " + resolver + " kept changing master", null);
    }

    @Override
    public ChannelStats stats() {
        return stats;
    }

    @Override
    public String addressFor(byte[] routingKey) {
        return master == null ? resolver.toString() : master.endpoint().address();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetWriteException("interrupted while waiting for a new master", e);
        }
    }

    @Override
    public void close() {
        sentinel.close();
        if (master != null) {
            master.close();
        }
    }
}
