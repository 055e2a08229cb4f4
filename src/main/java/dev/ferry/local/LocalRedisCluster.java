package dev.ferry.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.MigrateParams;

/**
 * A Redis Cluster of {@link LocalRedisServer} processes on loopback, for {@code ferry} demos, benchmarks and
 * tests: N masters with the 16384 slots split evenly, R replicas each. Every operation that changes the topology
 * ({@link #start}, {@link #failover}, {@link #migrateSlots}) returns only once the cluster has settled (see
 * {@link #awaitSettled()}), so a caller sees one agreed slot map afterwards.
 *
 * <p>Nodes are started with a 2 s {@code cluster-node-timeout} so that a {@link #kill killed} master is failed over
 * within seconds, with {@code cluster-replica-validity-factor 0} so that any replica may take over, and with
 * {@code cluster-allow-replica-migration no} so that replicas stay where they were put even when their master
 * gives away all its slots. These options need Redis 6.2 or newer.
 */
public final class LocalRedisCluster implements AutoCloseable {

    public static final int SLOTS = 16384;
    /**
     * How long topology changes may take to be agreed on by every node: seconds when the machine is idle, but a
     * node starved of CPU (a loaded CI runner) can flag its peers as failing and take a few node timeouts to recover.
     */
    public static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    private static final int NODE_TIMEOUT_MS = 2000;
    /** A manual failover gives up after 5 s (CLUSTER_MF_TIMEOUT), so it is asked again after that. */
    private static final long FAILOVER_RETRY_MS = 6000;
    private static final int MIGRATE_BATCH = 100;
    private static final int MIGRATE_TIMEOUT_MS = 10_000;

    private final List<LocalRedisServer> nodes;
    private final Map<LocalRedisServer, String> ids;
    /** {@code --tls-cluster yes}: the nodes' bus runs over TLS, beside their TLS port, so they meet there. */
    private final boolean tlsBus;

    private LocalRedisCluster(List<LocalRedisServer> nodes, Map<LocalRedisServer, String> ids, boolean tlsBus) {
        this.nodes = List.copyOf(nodes);
        this.ids = Map.copyOf(ids);
        this.tlsBus = tlsBus;
    }

    /**
     * Starts {@code masters * (1 + replicasPerMaster)} servers, gives master i the i-th of {@code masters} equal
     * slot ranges, joins them and waits until the cluster has settled.
     */
    public static LocalRedisCluster start(RedisBinary binary, int masters, int replicasPerMaster) {
        return start(binary, masters, replicasPerMaster, List.of());
    }

    /**
     * Like {@link #start(RedisBinary, int, int)}, each node started with {@code moreArgs} too: e.g. TLS
     * ({@code --tls-cert-file ... --tls-cluster yes}), where the nodes report their TLS ports to TLS clients.
     */
    public static LocalRedisCluster start(RedisBinary binary, int masters, int replicasPerMaster, List<String> moreArgs) {
        if (masters < 1 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("need at least one master and no negative replica count: "
                    + masters + ", " + replicasPerMaster);
        }
        List<LocalRedisServer> nodes = startNodes(binary, masters * (1 + replicasPerMaster), moreArgs);
        try {
            Map<LocalRedisServer, String> ids = new HashMap<>();
            for (LocalRedisServer n : nodes) {
                try (Jedis j = n.jedis()) {
                    ids.put(n, j.clusterMyId());
                }
            }
            boolean tlsBus = "yes".equalsIgnoreCase(LocalRedisServer.argValue(moreArgs, "--tls-cluster"));
            LocalRedisCluster cluster = new LocalRedisCluster(nodes, ids, tlsBus);
            cluster.assignSlots(masters);
            cluster.meetAll();
            for (int i = masters; i < nodes.size(); i++) {
                cluster.replicate(nodes.get(i), nodes.get((i - masters) / replicasPerMaster));
            }
            cluster.awaitSettled();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(LocalRedisServer::close);
            throw e;
        }
    }

    private static List<LocalRedisServer> startNodes(RedisBinary binary, int count, List<String> moreArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
                // without it a node that was never MEET by another one announces an empty IP
                "--cluster-announce-ip", LocalRedisServer.HOST,
                "--cluster-replica-validity-factor", "0",
                "--cluster-allow-replica-migration", "no",
                // 7.0 syncs diskless by default and waits 5 s for more replicas before the first sync
                "--repl-diskless-sync-delay", "0"));
        args.addAll(moreArgs);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 6));
        try {
            List<Future<LocalRedisServer>> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                started.add(pool.submit(() -> LocalRedisServer.start(binary, null, args)));
            }
            List<LocalRedisServer> nodes = new ArrayList<>();
            RuntimeException failure = null;
            for (Future<LocalRedisServer> f : started) {
                try {
                    nodes.add(f.get());
                } catch (ExecutionException e) {
                    failure = new IllegalStateException("cannot start a cluster node: " + e.getCause().getMessage(),
                            e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IllegalStateException("interrupted while starting cluster nodes", e);
                }
            }
            if (failure != null) {
                nodes.forEach(LocalRedisServer::close);
                throw failure;
            }
            return nodes;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assignSlots(int masters) {
        for (int i = 0; i < masters; i++) {
            int first = i * SLOTS / masters;
            int last = (i + 1) * SLOTS / masters - 1;
            LocalRedisServer master = nodes.get(i);
            try (Jedis j = master.jedis()) {
                // distinct epochs up front, as redis-cli --cluster create does, so no epoch collision has to be
                // resolved before the slot owners are agreed on
                j.clusterSetConfigEpoch(i + 1);
                if (master.versionNumber() >= 700) {
                    j.clusterAddSlotsRange(first, last);
                } else {
                    j.clusterAddSlots(IntStream.rangeClosed(first, last).toArray());
                }
            }
        }
    }

    private void meetAll() {
        try (Jedis j = nodes.get(0).jedis()) {
            for (LocalRedisServer n : nodes.subList(1, nodes.size())) {
                j.clusterMeet(LocalRedisServer.HOST, tlsBus ? n.tlsPort() : n.port());
            }
        }
    }

    /** CLUSTER REPLICATE, repeated while the replica has not heard of the master yet through gossip. */
    private void replicate(LocalRedisServer replica, LocalRedisServer master) {
        String masterId = ids.get(master);
        await(() -> {
            try (Jedis j = replica.jedis()) {
                j.clusterReplicate(masterId);
                return true;
            } catch (JedisDataException e) {
                if (e.getMessage() != null && e.getMessage().contains("Unknown node")) {
                    return false;
                }
                throw e;
            }
        }, () -> "replica " + replica.address() + " never learnt of master " + master.address() + " (" + masterId
                + ") through gossip");
    }

    // ---- views ----

    /** Every node this cluster started, running or not, in start order. */
    public List<LocalRedisServer> nodes() {
        return nodes;
    }

    /** The running masters, ordered by the lowest slot they serve (masters without slots last). */
    public List<LocalRedisServer> masters() {
        ClusterNodes view = view();
        return view.nodes().stream()
                .filter(ClusterNodes.Node::isMaster)
                .sorted(Comparator.comparingInt(ClusterNodes.Node::firstSlot).thenComparingInt(ClusterNodes.Node::port))
                .map(n -> server(n.id()))
                .filter(LocalRedisServer::isRunning)
                .toList();
    }

    /** The running replicas, in start order. */
    public List<LocalRedisServer> replicas() {
        ClusterNodes view = view();
        return nodes.stream()
                .filter(LocalRedisServer::isRunning)
                .filter(n -> view.byId(ids.get(n)).map(v -> !v.isMaster()).orElse(false))
                .toList();
    }

    /** The master that serves {@code slot}. */
    public LocalRedisServer nodeForSlot(int slot) {
        return view().masterOf(slot).map(n -> server(n.id()))
                .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
    }

    /** The master {@code replica} replicates. */
    public LocalRedisServer masterOf(LocalRedisServer replica) {
        ClusterNodes.Node node = view().byId(nodeId(replica))
                .orElseThrow(() -> new IllegalStateException(replica.address() + " is not in the cluster"));
        if (node.masterId() == null) {
            throw new IllegalArgumentException(replica.address() + " is a master, not a replica");
        }
        return server(node.masterId());
    }

    /** The cluster node id of {@code node}. */
    public String nodeId(LocalRedisServer node) {
        String id = ids.get(node);
        if (id == null) {
            throw new IllegalArgumentException(node.address() + " is not a node of this cluster");
        }
        return id;
    }

    /** "host:port" of a running master, for clients that discover the rest. */
    public String seedAddress() {
        return masters().get(0).address();
    }

    /** CLUSTER NODES as the first running node sees it. */
    private ClusterNodes view() {
        LocalRedisServer any = nodes.stream().filter(LocalRedisServer::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
        try (Jedis j = any.jedis()) {
            return ClusterNodes.parse(j.clusterNodes());
        }
    }

    private LocalRedisServer server(String id) {
        return ids.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown cluster node id " + id));
    }

    // ---- topology changes ----

    /**
     * Promotes a replica of {@code master} with CLUSTER FAILOVER (the coordinated kind: no write is lost) and
     * waits until it is master and the cluster has settled; {@code master} becomes its replica.
     */
    public LocalRedisServer failover(LocalRedisServer master) {
        String masterId = nodeId(master);
        ClusterNodes view = view();
        LocalRedisServer replica = replicas().stream()
                .filter(r -> masterId.equals(view.byId(nodeId(r)).map(ClusterNodes.Node::masterId).orElse(null)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(master.address() + " has no running replica"));
        long[] askedAt = {0};
        await(() -> {
            try (Jedis j = replica.jedis()) {
                if (ClusterNodes.parse(j.clusterNodes()).byId(nodeId(replica)).orElseThrow().isMaster()) {
                    return true;
                }
                if (System.currentTimeMillis() - askedAt[0] > FAILOVER_RETRY_MS) {
                    j.clusterFailover();
                    askedAt[0] = System.currentTimeMillis();
                }
                return false;
            }
        }, () -> "replica " + replica.address() + " did not take over from " + master.address() + "; its log ends:\n"
                + replica.logTail(15));
        awaitSettled();
        return replica;
    }

    /**
     * Moves slots {@code firstSlot..lastSlot} with their keys from master {@code from} to master {@code to}, slot by
     * slot, the way redis-cli --cluster reshard does (see {@link SlotMove}). Clients may keep writing meanwhile; they
     * are redirected with ASK while a slot moves and with MOVED after.
     */
    public void migrateSlots(LocalRedisServer from, LocalRedisServer to, int firstSlot, int lastSlot) {
        try (SlotMove move = slotMove(from, to)) {
            for (int slot = firstSlot; slot <= lastSlot; slot++) {
                move.begin(slot);
                move.moveKeys(slot);
                move.finish(slot);
            }
        }
        awaitSettled();
    }

    /**
     * A resharding from master {@code from} to master {@code to} that the caller steps through, to act between the
     * steps (write while a slot is half moved); the caller closes it, then {@link #awaitSettled()}.
     */
    public SlotMove slotMove(LocalRedisServer from, LocalRedisServer to) {
        return new SlotMove(from, to);
    }

    /** The steps of moving one slot, on connections held open for as many slots as the caller moves. */
    public final class SlotMove implements AutoCloseable {
        private final LocalRedisServer from;
        private final LocalRedisServer to;
        private final String toId;
        private final String fromId;
        private final Jedis source;
        private final Jedis target;
        private final List<Jedis> others = new ArrayList<>();

        private SlotMove(LocalRedisServer from, LocalRedisServer to) {
            this.from = from;
            this.to = to;
            this.fromId = nodeId(from);
            this.toId = nodeId(to);
            this.source = from.jedis(MIGRATE_TIMEOUT_MS + 5000);
            this.target = to.jedis();
            for (LocalRedisServer m : masters()) {
                if (m != from && m != to) {
                    others.add(m.jedis());
                }
            }
        }

        /** IMPORTING on {@code to}, then MIGRATING on {@code from}: keys still on {@code from} are served there, others get ASK. */
        public void begin(int slot) {
            step(slot, () -> {
                target.clusterSetSlotImporting(slot, fromId);
                source.clusterSetSlotMigrating(slot, toId);
            });
        }

        /** MIGRATE of the slot's keys in batches: a moved key is answered with ASK by {@code from}. */
        public void moveKeys(int slot) {
            step(slot, () -> {
                while (true) {
                    List<byte[]> keys = source.clusterGetKeysInSlotBinary(slot, MIGRATE_BATCH);
                    if (keys.isEmpty()) {
                        return;
                    }
                    source.migrate(to.host(), to.port(), 0, MIGRATE_TIMEOUT_MS, new MigrateParams(), keys.toArray(new byte[0][]));
                }
            });
        }

        /** SETSLOT NODE on {@code to}, {@code from} and every other master: the slot is {@code to}'s, others get MOVED. */
        public void finish(int slot) {
            step(slot, () -> {
                target.clusterSetSlotNode(slot, toId);
                source.clusterSetSlotNode(slot, toId);
                for (Jedis other : others) {
                    other.clusterSetSlotNode(slot, toId);
                }
            });
        }

        private void step(int slot, Runnable commands) {
            try {
                commands.run();
            } catch (JedisException e) {
                throw new IllegalStateException("moving slot " + slot + " from " + from.address() + " to " + to.address()
                        + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            source.close();
            target.close();
            others.forEach(Jedis::close);
        }
    }

    /**
     * SIGKILLs {@code node}, as a crash would, and returns at once. A killed master with a replica is failed over by
     * the cluster itself after about 2 s (the node timeout) plus an election; {@link #awaitSettled()} waits for that.
     * {@code node.restart()} brings the node back, and it rejoins the cluster (as a replica if it lost its slots).
     */
    public void kill(LocalRedisServer node) {
        nodeId(node);
        node.kill();
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok} and returns the same CLUSTER SLOTS (ranges,
     * master and replicas; only the replicas' order may differ, it is not defined), no stopped node is listed there
     * any more (a killed master has been failed over, a killed replica flagged as failed) and every running replica's
     * link to its master is up. Fails after {@link #SETTLE_TIMEOUT}, naming the node that disagrees.
     */
    public void awaitSettled() {
        await(() -> unsettled(false) == null, () -> unsettled(true));
    }

    /** The ids of the running nodes whose own INFO says role:slave. */
    private Set<String> replicaIdsByRole() {
        Set<String> replicas = new HashSet<>();
        for (LocalRedisServer n : nodes) {
            if (n.isRunning()) {
                try (Jedis j = n.jedis()) {
                    if (j.info("replication").contains("role:slave")) {
                        replicas.add(ids.get(n));
                    }
                }
            }
        }
        return replicas;
    }

    /** What keeps the cluster from being settled, or null; with {@code explain}, with the diagnosis of a failing node. */
    private String unsettled(boolean explain) {
        Map<String, LocalRedisServer> byAddress = new HashMap<>();
        nodes.forEach(n -> byAddress.put(n.address(), n));
        List<SlotRange> agreed = null;
        LocalRedisServer agreedBy = null;
        Set<String> replicaIds;
        try {
            replicaIds = replicaIdsByRole();
        } catch (JedisException e) {
            return "a node does not answer: " + e.getMessage();
        }
        for (LocalRedisServer n : nodes) {
            if (!n.isRunning()) {
                continue;
            }
            try (Jedis j = n.jedis()) {
                String info = j.clusterInfo();
                if (!info.contains("cluster_state:ok")) {
                    return "node " + n.address() + " reports cluster_state:fail" + (explain ? "; " + whyFailing(j, info, n) : "");
                }
                // slots can agree before gossip has introduced every replica to every node
                if (!info.contains("cluster_known_nodes:" + nodes.size() + "\r\n")) {
                    return "node " + n.address() + " does not know all " + nodes.size() + " nodes yet";
                }
                List<SlotRange> slots = SlotRange.parse(j.clusterSlots());
                if (agreed == null) {
                    agreed = slots;
                    agreedBy = n;
                } else if (!agreed.equals(slots)) {
                    return "node " + n.address() + " sees CLUSTER SLOTS " + slots + " but node " + agreedBy.address()
                            + " sees " + agreed;
                }
                String replication = j.info("replication");
                if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                    return "replica " + n.address() + " has no link to its master yet";
                }
                // gossip can still flag a replica as a master on some node after CLUSTER SLOTS agrees
                for (ClusterNodes.Node v : ClusterNodes.parse(j.clusterNodes()).nodes()) {
                    if (v.isMaster() && replicaIds.contains(v.id())) {
                        return "node " + n.address() + " still sees replica " + v.port() + " as a master";
                    }
                }
            } catch (JedisException e) {
                return "node " + n.address() + " does not answer: " + e.getMessage();
            }
        }
        if (agreed == null) {
            return "no node of the cluster is running";
        }
        for (SlotRange range : agreed) {
            for (String address : range.nodes()) {
                LocalRedisServer node = byAddress.get(address);
                if (node != null && !node.isRunning()) {
                    return "CLUSTER SLOTS still lists stopped node " + address + " for slots " + range.first() + "-"
                            + range.last();
                }
            }
        }
        return null;
    }

    /**
     * What a node in cluster_state:fail holds against the cluster: its failed-slot counts, the nodes it flags or has
     * no link to (a master it cannot reach counts against the majority it needs), and the end of its log.
     */
    private static String whyFailing(Jedis j, String info, LocalRedisServer n) {
        StringBuilder why = new StringBuilder();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("cluster_slots_pfail:") || line.startsWith("cluster_slots_fail:")) {
                why.append(line).append(' ');
            }
        }
        for (String line : j.clusterNodes().split("\n")) {
            if (line.contains("fail") || line.contains("disconnected") || line.contains("handshake")) {
                why.append("\n  sees: ").append(line.trim());
            }
        }
        return why.append("\n  its log ends:\n").append(n.logTail(10)).toString();
    }

    /** One CLUSTER SLOTS entry as "host:port" strings, replicas sorted since their order is not defined. */
    private record SlotRange(long first, long last, String master, List<String> replicas) {

        /** Sorted by first slot, as 6.2 lists ranges in the order of its node table, not of slots. */
        static List<SlotRange> parse(List<Object> reply) {
            List<SlotRange> ranges = new ArrayList<>();
            for (Object o : reply) {
                List<?> range = (List<?>) o;
                List<String> replicas = new ArrayList<>();
                for (int i = 3; i < range.size(); i++) {
                    replicas.add(address(range.get(i)));
                }
                replicas.sort(null);
                ranges.add(new SlotRange((Long) range.get(0), (Long) range.get(1), address(range.get(2)), replicas));
            }
            ranges.sort(Comparator.comparingLong(SlotRange::first));
            return ranges;
        }

        private static String address(Object node) {
            List<?> n = (List<?>) node;
            return new String((byte[]) n.get(0), StandardCharsets.UTF_8) + ":" + n.get(1);
        }

        List<String> nodes() {
            List<String> all = new ArrayList<>(replicas);
            all.add(master);
            return all;
        }

        @Override
        public String toString() {
            return first + "-" + last + " " + master + " " + replicas;
        }
    }

    private static void await(BooleanSupplier done, Supplier<String> problem) {
        Settling.await("cluster", SETTLE_TIMEOUT, 50, done, problem);
    }

    /** Stops every node: replicas first, so that no master waits for a replica to catch up on shutdown. */
    @Override
    public void close() {
        List<LocalRedisServer> masters = nodes.stream().anyMatch(LocalRedisServer::isRunning) ? masters() : List.of();
        List<LocalRedisServer> order = new ArrayList<>(nodes);
        order.sort(Comparator.comparing(masters::contains));
        RuntimeException failure = null;
        for (LocalRedisServer n : order) {
            try {
                n.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "redis cluster of " + nodes.size() + " nodes, seed " + nodes.get(0).address();
    }
}
