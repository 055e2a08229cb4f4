package dev.ferry.sink;

import dev.ferry.event.CommandEvent;
import dev.ferry.event.Printable;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.sink.cluster.SlotMap;
import dev.ferry.sink.cluster.SlotMapLoader;
import dev.ferry.sink.cluster.Slots;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to a Redis Cluster: each command goes to the master of its routing key's slot, over one pipelined
 * connection per master; keyless commands (FUNCTION LOAD) go to every master. A MULTI/EXEC block travels as one
 * unit: a block refused while queued ({@code MOVED} then {@code EXECABORT}) is sent again whole.
 *
 * <p>Every command is kept until it is answered, so it can be sent again: to the new owner after
 * {@code MOVED}, to the importing node (after {@code ASKING}) on {@code ASK}, after a pause on
 * {@code TRYAGAIN}/{@code CLUSTERDOWN}/{@code READONLY}, and to the promoted replica when a master's
 * connection is lost. Order per key holds because a node's replies are read in order and, once anything
 * was redirected, everything in flight is answered before the writer may send more: no command that was
 * routed by the old map is still on its way when one routed by the new map leaves.
 *
 * <p>A coordinated failover ({@code CLUSTER FAILOVER}) loses nothing: the old master answers {@code MOVED}. A
 * master whose connection breaks may take acknowledged writes with it, so after one the next full drain (the
 * flush before a checkpoint) fails and Flink restarts the job from the last checkpoint.
 */
public final class ClusterChannel<T> implements TargetChannel<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterChannel.class);
    private static final byte[] ASKING = "ASKING".getBytes(StandardCharsets.US_ASCII);
    private static final int KEYLESS = -1;
    private static final BitSet NO_OWN_COMMANDS = new BitSet();
    private static final int MAX_ATTEMPTS = 200;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(60);

    private final RedisEndpoint seed;
    private final int readTimeoutMs;
    private final Map<String, Node<T>> nodes = new LinkedHashMap<>();
    private SlotMap map;
    private int inFlight;
    /**
     * A master whose connection broke since the last full drain. Replication is asynchronous, so the replica that
     * took over may lack writes the master acknowledged; only a restart from the last checkpoint writes them again.
     */
    private String lostMaster;
    private final ChannelStats stats = new ChannelStats();

    /**
     * A command, or a MULTI ... EXEC block, on its way to a node, kept until answered so it can be sent again elsewhere.
     *
     * @param unit  what goes on the wire: one command, or MULTI, the block's commands, EXEC
     * @param askAt the importing node an {@code ASK} named, to send to after {@code ASKING}; null to route by slot
     */
    private record Sent<T>(byte[][][] unit, int slot, T tag, String askAt, int attempt) {
        Sent<T> again(String askAt) {
            if (attempt >= MAX_ATTEMPTS) {
                throw new TargetWriteException("the target cluster redirected a command " + attempt + " times (slot " + slot
                        + "); its slots keep moving or it has no master for them: check CLUSTER INFO", null);
            }
            return new Sent<>(unit, slot, tag, askAt, attempt + 1);
        }
    }

    /** One master's connection and what it has not answered yet, in send order. */
    private static final class Node<T> {
        final RedisEndpoint endpoint;
        final RedisConnection conn;
        final ArrayDeque<Sent<T>> queue = new ArrayDeque<>();
        /** Set when a write to the node failed: its queue is then handled like a lost connection at the next read. */
        IOException broken;

        Node(RedisEndpoint endpoint, RedisConnection conn) {
            this.endpoint = endpoint;
            this.conn = conn;
        }

        /** A master of the map that refuses connections: down, its commands wait for the failover like a broken one's. */
        static <T> Node<T> down(RedisEndpoint endpoint, RedisConnectException refused) {
            Node<T> n = new Node<>(endpoint, null);
            n.broken = new IOException("cannot connect: " + refused.getMessage(), refused);
            return n;
        }

        void close() {
            if (conn != null) {
                conn.close();
            }
        }
    }

    public ClusterChannel(RedisEndpoint seed, int readTimeoutMs) {
        this.seed = seed;
        this.readTimeoutMs = readTimeoutMs;
    }

    @Override
    public void open() {
        map = SlotMapLoader.load(seed);
        LOG.info("target cluster {}: {} masters {}", seed.address(), map.masters().size(), map);
    }

    @Override
    public void send(int db, byte[] routingKey, byte[][] argv, T tag) throws IOException {
        requireDb0(db, routingKey);
        route(routingKey, new byte[][][] {argv}, tag);
    }

    /** The block goes to one node as a unit: a cluster runs it only when all its keys are in that node's slot. */
    @Override
    public void sendTransaction(byte[] routingKey, List<CommandEvent> commands, T tag) throws IOException {
        byte[][][] unit = new byte[commands.size() + 2][][];
        unit[0] = new byte[][] {Transactions.MULTI};
        for (int i = 0; i < commands.size(); i++) {
            CommandEvent c = commands.get(i);
            requireDb0(c.db(), c.routingKey());
            unit[i + 1] = c.argv();
        }
        unit[unit.length - 1] = new byte[][] {Transactions.EXEC};
        route(routingKey, unit, tag);
    }

    private void route(byte[] routingKey, byte[][][] unit, T tag) {
        if (routingKey.length == 0) {
            for (RedisEndpoint master : map.masters()) {
                enqueue(node(master), new Sent<>(unit, KEYLESS, tag, null, 0));
            }
        } else {
            int slot = Slots.slot(routingKey);
            enqueue(node(map.master(slot)), new Sent<>(unit, slot, tag, null, 0));
        }
    }

    private void enqueue(Node<T> n, Sent<T> s) {
        n.queue.add(s);
        inFlight++;
        if (n.broken != null) {
            return;
        }
        try {
            if (s.askAt() != null) {
                n.conn.writer().command(ASKING); // stays in force through a MULTI until its EXEC
            }
            for (byte[][] argv : s.unit()) {
                n.conn.writer().command(argv);
            }
        } catch (IOException e) {
            // a killed master usually shows first on a write (broken pipe); its commands stay queued for the replay
            n.broken = e;
        }
    }

    @Override
    public void drain(int leave, ReplyHandler<T> handler) throws IOException {
        flushAll();
        boolean rerouted = false;
        while (inFlight > (rerouted ? 0 : leave)) {
            for (Node<T> n : List.copyOf(nodes.values())) {
                if (!n.queue.isEmpty()) {
                    rerouted |= readNext(n, handler);
                }
            }
        }
        if (leave == 0 && lostMaster != null) {
            String lost = lostMaster;
            lostMaster = null;
            throw new TargetWriteException("target cluster master " + lost + " was lost while Ferry was writing; what it "
                    + "acknowledged but had not yet replicated is gone with it, so the job restarts from its last checkpoint "
                    + "and writes that part again", null);
        }
    }

    /**
     * Reads the next reply of a node. When it is a redirect, the rest of the node's queue is read too, and
     * then everything that must go elsewhere is resent in its original order; true in that case.
     */
    private boolean readNext(Node<T> n, ReplyHandler<T> handler) throws IOException {
        List<Sent<T>> again = new ArrayList<>();
        boolean refresh = false;
        try {
            if (n.broken != null) {
                throw n.broken;
            }
            do {
                Sent<T> s = n.queue.peek();
                Object reply = read(n, s);
                n.queue.poll();
                inFlight--;
                Redirect r = Redirect.of(reply);
                if (r == null) {
                    handler.reply(s.tag(), reply);
                } else {
                    again.add(s.again(r.kind() == Redirect.Kind.ASK ? r.address() : null));
                    refresh |= r.refreshesMap();
                    stats.redirected(r);
                }
            } while (!again.isEmpty() && !n.queue.isEmpty());
        } catch (IOException lost) {
            n.queue.forEach(s -> again.add(s.again(null)));
            inFlight -= n.queue.size();
            n.queue.clear();
            awaitFailover(n, lost);
        }
        if (again.isEmpty()) {
            return false;
        }
        if (refresh) {
            pause();
            map = SlotMapLoader.load(knownNodes());
        }
        stats.retried(again.size());
        for (Sent<T> s : again) {
            if (s.askAt() != null) {
                enqueue(node(seed.at(s.askAt())), s);
            } else if (s.slot() == KEYLESS) {
                for (RedisEndpoint master : map.masters()) {
                    enqueue(node(master), s);
                }
            } else {
                enqueue(node(map.master(s.slot())), s);
            }
        }
        flushAll();
        return true;
    }

    private Object read(Node<T> n, Sent<T> s) throws IOException {
        Object asking = s.askAt() == null ? null : n.conn.reader().read();
        Object[] replies = new Object[s.unit().length];
        for (int i = 0; i < replies.length; i++) {
            replies[i] = n.conn.reader().read();
        }
        if (asking instanceof RespError) {
            return asking;
        }
        return replies.length == 1 ? replies[0] : Transactions.reply(replies, NO_OWN_COMMANDS);
    }

    /** A master's connection broke: wait until the cluster has promoted a replica (or the node is back). */
    private void awaitFailover(Node<T> n, IOException lost) {
        RedisEndpoint master = n.endpoint;
        lostMaster = master.address();
        nodes.remove(master.address());
        n.close();
        LOG.warn("target cluster: lost master {} ({}); waiting up to {} s for a replica to take over", master.address(),
                lost.getMessage(), FAILOVER_TIMEOUT.toSeconds());
        long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            pause();
            try {
                SlotMap next = SlotMapLoader.load(knownNodes());
                if (next.unservedSlots() == 0 && !next.masters().contains(master)) {
                    map = next;
                    LOG.info("target cluster: new map after failover {}", map);
                    stats.reconnected();
                    return;
                }
                if (next.unservedSlots() == 0) {
                    RedisConnection.open(master, readTimeoutMs).close();
                    map = next;
                    stats.reconnected();
                    return; // the node is back as a master
                }
            } catch (RedisConnectException | TargetWriteException stillDown) {
                LOG.debug("target cluster still failing over: {}", stillDown.getMessage());
            }
        }
        throw new TargetWriteException("target cluster master " + master.address() + " is gone and no replica took over within "
                + FAILOVER_TIMEOUT.toSeconds() + " s (" + lost.getMessage() + "); the unacknowledged writes are replayed from the last "
                + "checkpoint when the job restarts", lost);
    }

    private List<RedisEndpoint> knownNodes() {
        List<RedisEndpoint> all = new ArrayList<>(map.nodes());
        all.add(seed);
        return all;
    }

    private void flushAll() {
        for (Node<T> n : nodes.values()) {
            if (n.broken == null) {
                try {
                    n.conn.writer().flush();
                } catch (IOException e) {
                    n.broken = e;
                }
            }
        }
    }

    @Override
    public int inFlight() {
        return inFlight;
    }

    @Override
    public boolean isCluster() {
        return true;
    }

    @Override
    public ChannelStats stats() {
        return stats;
    }

    /**
     * One round trip, followed through redirects like {@link #send}; a master lost on the way is waited for like in
     * {@link #drain} ({@link #awaitFailover}), the command is sent again to the replica that took over, and the next full
     * drain fails, since the lost master may have taken acknowledged writes with it.
     */
    @Override
    public Object call(int db, byte[] routingKey, byte[]... argv) throws IOException {
        requireDb0(db, routingKey);
        if (routingKey.length == 0) {
            return callEveryMaster(argv);
        }
        int slot = Slots.slot(routingKey);
        RedisEndpoint at = map.master(slot);
        boolean asking = false;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Object reply = callNode(at, asking, argv);
            Redirect r = reply == null ? null : Redirect.of(reply);
            if (reply != null && r == null) {
                return reply;
            }
            if (r != null) {
                stats.redirected(r);
                stats.retried(1);
            }
            asking = r != null && r.kind() == Redirect.Kind.ASK;
            if (asking) {
                at = seed.at(r.address());
            } else {
                if (r != null) {
                    pause();
                    map = SlotMapLoader.load(knownNodes());
                }
                at = map.master(slot);
            }
        }
        throw new TargetWriteException("the target cluster kept redirecting a command for slot " + slot, null);
    }

    /** A keyless command on every master: the first reply, or the first error. A master that takes over is asked too. */
    private Object callEveryMaster(byte[][] argv) {
        Object first = null;
        Set<RedisEndpoint> answered = new HashSet<>();
        for (boolean lost = true; lost; ) {
            lost = false;
            for (RedisEndpoint master : map.masters()) {
                if (answered.contains(master)) {
                    continue;
                }
                Object reply = callNode(master, false, argv);
                if (reply == null) {
                    lost = true; // the map changed: go over its masters again
                    break;
                }
                answered.add(master);
                if (first == null || reply instanceof RespError) {
                    first = reply;
                }
            }
        }
        return first;
    }

    /** The node's reply; null when its connection was lost, once a replica has taken over (the map is then the new one). */
    private Object callNode(RedisEndpoint at, boolean asking, byte[][] argv) {
        Node<T> n = node(at);
        try {
            if (n.broken != null) {
                throw n.broken;
            }
            if (asking) {
                n.conn.call(ASKING);
            }
            return n.conn.call(argv);
        } catch (IOException lost) {
            awaitFailover(n, lost);
            return null;
        }
    }

    @Override
    public boolean holdsDb(int db) {
        return db == 0;
    }

    @Override
    public String addressFor(byte[] routingKey) {
        if (routingKey.length == 0 || map == null) {
            return "cluster " + seed.address();
        }
        return map.master(Slots.slot(routingKey)).address();
    }

    /**
     * The node's connection, opened on first use. A node that refuses the connection (it was reachable when the map was
     * read: a master killed since) counts as lost, like one whose connection broke; a refused login still fails at once.
     */
    private Node<T> node(RedisEndpoint endpoint) {
        return nodes.computeIfAbsent(endpoint.address(), a -> {
            try {
                return new Node<>(endpoint, RedisConnection.open(endpoint, readTimeoutMs));
            } catch (RedisConnectException e) {
                if (!(e.getCause() instanceof ConnectException)) {
                    throw e;
                }
                return Node.down(endpoint, e);
            }
        });
    }

    private static void requireDb0(int db, byte[] routingKey) {
        if (db != 0) {
            throw new TargetWriteException("key '" + Printable.of(routingKey) + "' is in db " + db + ", and a cluster target "
                    + "has only db 0: migrate only db 0 to the cluster, or the other dbs to a standalone target", null);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetWriteException("interrupted while waiting for the target cluster", e);
        }
    }

    @Override
    public void close() {
        nodes.values().forEach(Node::close);
        nodes.clear();
    }
}
