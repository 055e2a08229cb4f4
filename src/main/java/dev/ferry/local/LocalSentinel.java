package dev.ferry.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A master, its replicas and three Sentinels monitoring it (quorum 2), all {@link LocalRedisServer} processes on
 * loopback, for demos, benchmarks and tests. {@link #start} and {@link #failover()} return once every Sentinel
 * agrees on the master, knows every replica and the other two Sentinels, and every replica is in sync.
 *
 * <p>Each Sentinel gets its own directory and {@code sentinel.conf}, which it rewrites with what it learns. They
 * are started with {@code down-after-milliseconds 1000} and {@code failover-timeout 5000}, so that a killed master
 * is replaced within a few seconds.
 */
public final class LocalSentinel implements AutoCloseable {

    public static final String DEFAULT_MASTER_NAME = "ferry-master";
    /** How long start and failover may take to be agreed on by every Sentinel. */
    public static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final int SENTINELS = 3;
    private static final String PROBE_KEY = "ferry:local-sentinel:write-probe";

    private final String masterName;
    private final List<LocalRedisServer> dataNodes;
    private final List<LocalRedisServer> sentinels;
    private final String sentinelPassword;
    /** Replication and the Sentinels' links run over TLS: the Sentinels know the data nodes by their TLS ports. */
    private final boolean tls;

    private LocalSentinel(String masterName, List<LocalRedisServer> dataNodes, List<LocalRedisServer> sentinels,
                          String sentinelPassword, boolean tls) {
        this.masterName = masterName;
        this.dataNodes = List.copyOf(dataNodes);
        this.sentinels = List.copyOf(sentinels);
        this.sentinelPassword = sentinelPassword;
        this.tls = tls;
    }

    /** A master with {@code replicas} replicas, no passwords, monitored as {@value #DEFAULT_MASTER_NAME}. */
    public static LocalSentinel start(RedisBinary binary, int replicas) {
        return builder(binary).replicas(replicas).start();
    }

    public static Builder builder(RedisBinary binary) {
        return new Builder(binary);
    }

    /** Options for {@link LocalSentinel}; defaults: one replica, no passwords. */
    public static final class Builder {
        private final RedisBinary binary;
        private int replicas = 1;
        private String masterName = DEFAULT_MASTER_NAME;
        private String dataPassword;
        private String sentinelPassword;
        private List<String> tlsArgs = List.of();

        private Builder(RedisBinary binary) {
            this.binary = binary;
        }

        public Builder replicas(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a failover needs at least one replica: " + count);
            }
            this.replicas = count;
            return this;
        }

        public Builder masterName(String name) {
            this.masterName = name;
            return this;
        }

        /** {@code requirepass} (and {@code masterauth}) of master and replicas, given to the Sentinels too. */
        public Builder dataPassword(String password) {
            this.dataPassword = password;
            return this;
        }

        /** {@code requirepass} of the Sentinels themselves. */
        public Builder sentinelPassword(String password) {
            this.sentinelPassword = password;
            return this;
        }

        /**
         * Every node and Sentinel also listens for TLS with these arguments ({@code --tls-cert-file}, {@code
         * --tls-key-file}, {@code --tls-ca-cert-file}, ...), and replication and the Sentinels' links use it
         * ({@code tls-replication yes}): the certificate must serve for client authentication too.
         */
        public Builder tls(List<String> args) {
            this.tlsArgs = List.copyOf(args);
            return this;
        }

        private boolean tls() {
            return !tlsArgs.isEmpty();
        }

        public LocalSentinel start() {
            List<LocalRedisServer> dataNodes = new ArrayList<>();
            List<LocalRedisServer> sentinels = new ArrayList<>();
            try {
                LocalRedisServer master = LocalRedisServer.start(binary, null, dataArgs(List.of()));
                dataNodes.add(master);
                for (int i = 0; i < replicas; i++) {
                    dataNodes.add(LocalRedisServer.start(binary, null, dataArgs(
                            List.of("--replicaof", LocalRedisServer.HOST, Integer.toString(dataPort(master, tls()))))));
                }
                for (int i = 0; i < SENTINELS; i++) {
                    sentinels.add(startSentinel(master));
                }
                LocalSentinel s = new LocalSentinel(masterName, dataNodes, sentinels, sentinelPassword, tls());
                s.awaitSettled();
                return s;
            } catch (RuntimeException e) {
                sentinels.forEach(LocalRedisServer::close);
                dataNodes.forEach(LocalRedisServer::close);
                throw e;
            }
        }

        private List<String> dataArgs(List<String> more) {
            List<String> args = new ArrayList<>(more);
            // 7.0 syncs diskless by default and waits 5 s for more replicas before the first sync
            args.addAll(List.of("--repl-diskless-sync-delay", "0"));
            args.addAll(tlsOnLinks());
            if (dataPassword != null) {
                args.addAll(List.of("--requirepass", dataPassword, "--masterauth", dataPassword));
            }
            return args;
        }

        private List<String> tlsOnLinks() {
            List<String> args = new ArrayList<>(tlsArgs);
            if (tls()) {
                args.addAll(List.of("--tls-replication", "yes"));
            }
            return args;
        }

        private LocalRedisServer startSentinel(LocalRedisServer master) {
            Path dir;
            try {
                dir = Files.createTempDirectory("ferry-sentinel-");
                List<String> conf = new ArrayList<>(List.of(
                        "sentinel monitor " + masterName + " " + LocalRedisServer.HOST + " " + dataPort(master, tls()) + " 2",
                        "sentinel down-after-milliseconds " + masterName + " 1000",
                        "sentinel failover-timeout " + masterName + " 5000"));
                if (dataPassword != null) {
                    conf.add("sentinel auth-pass " + masterName + " " + dataPassword);
                }
                if (sentinelPassword != null) {
                    conf.add("requirepass " + sentinelPassword);
                    // what a Sentinel uses to talk to the other Sentinels
                    conf.add("sentinel sentinel-pass " + sentinelPassword);
                }
                Files.write(dir.resolve("sentinel.conf"), conf);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write sentinel.conf", e);
            }
            List<String> args = new ArrayList<>(List.of(dir.resolve("sentinel.conf").toString(), "--sentinel"));
            args.addAll(tlsOnLinks());
            if (sentinelPassword != null) {
                // lets LocalRedisServer's own probes and SHUTDOWN log in
                args.addAll(List.of("--requirepass", sentinelPassword));
            }
            try {
                return LocalRedisServer.start(binary, dir, args);
            } catch (RuntimeException e) {
                LocalRedisServer.deleteRecursively(dir);
                throw e;
            }
        }
    }

    public String masterName() {
        return masterName;
    }

    /** "host:port" of the three Sentinels. */
    public List<String> sentinelAddresses() {
        return sentinels.stream().map(LocalRedisServer::address).toList();
    }

    public List<LocalRedisServer> sentinels() {
        return sentinels;
    }

    /** Master and replicas, in start order (the first was the master at start). */
    public List<LocalRedisServer> dataNodes() {
        return dataNodes;
    }

    /** The master as the first running Sentinel reports it. */
    public LocalRedisServer currentMaster() {
        try (Jedis j = sentinel(runningSentinel())) {
            return dataNode(j.sentinelGetMasterAddrByName(masterName));
        }
    }

    private LocalRedisServer runningSentinel() {
        return sentinels.stream().filter(LocalRedisServer::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no sentinel is running"));
    }

    /** The running data nodes other than {@link #currentMaster()}. */
    public List<LocalRedisServer> replicas() {
        LocalRedisServer master = currentMaster();
        return dataNodes.stream().filter(n -> n != master && n.isRunning()).toList();
    }

    /**
     * SENTINEL FAILOVER: promotes a replica without waiting for the master to fail, and waits until every Sentinel
     * reports the new master, it accepts a write and the others replicate it.
     *
     * <p>The old master is turned into a replica with REPLICAOF as soon as the Sentinels agree. Sentinel would do
     * the same, but only when it next polls the old master with INFO, up to 10 s later; until then the old master
     * still answers as a master and accepts writes that are lost when it is turned.
     */
    public LocalRedisServer failover() {
        LocalRedisServer old = currentMaster();
        LocalRedisServer sentinel = runningSentinel();
        try (Jedis j = sentinel(sentinel)) {
            j.sentinelFailover(masterName);
        }
        await(() -> currentMaster() != old, () -> "sentinel " + sentinel.address() + " still reports "
                + old.address() + " as master; its log ends:\n" + sentinel.logTail(15));
        LocalRedisServer master = currentMaster();
        await(() -> sentinelsUnsettled(master) == null, () -> sentinelsUnsettled(master));
        if (old.isRunning()) {
            try (Jedis j = old.jedis()) {
                j.replicaof(master.host(), dataPort(master));
            }
        }
        awaitSettled();
        return master;
    }

    /**
     * Waits until every running Sentinel reports the same running master, which accepts a write, and knows the
     * running replicas (not flagged down) and the other Sentinels, and every running replica is in sync with the
     * master: e.g. after a killed master was replaced, or a killed node restarted. Fails after
     * {@link #SETTLE_TIMEOUT} naming what is missing.
     */
    public void awaitSettled() {
        await(() -> unsettled() == null, this::unsettled);
        try (Jedis j = currentMaster().jedis()) {
            j.set(PROBE_KEY, "1");
            j.del(PROBE_KEY);
        }
    }

    /**
     * What keeps the setup from being settled, or null. The master is asked for anew each time, so that waiting
     * spans a failover the Sentinels are still making (after the master was killed).
     */
    private String unsettled() {
        LocalRedisServer master;
        try {
            master = currentMaster();
        } catch (JedisException e) {
            return "a sentinel does not answer: " + e.getMessage();
        }
        if (!master.isRunning()) {
            return "the sentinels still report " + master.address() + ", which is not running";
        }
        String sentinelsProblem = sentinelsUnsettled(master);
        return sentinelsProblem != null ? sentinelsProblem : replicasUnsettled(master);
    }

    private String sentinelsUnsettled(LocalRedisServer master) {
        long replicas = dataNodes.stream().filter(n -> n != master && n.isRunning()).count();
        for (LocalRedisServer s : sentinels) {
            if (!s.isRunning()) {
                continue;
            }
            try (Jedis j = sentinel(s)) {
                List<String> reported = j.sentinelGetMasterAddrByName(masterName);
                if (reported == null || dataNode(reported) != master) {
                    return "sentinel " + s.address() + " reports " + reported + " as master, not " + master.address();
                }
                Map<String, String> state = j.sentinelMaster(masterName);
                if (!"master".equals(state.get("flags"))) {
                    return "sentinel " + s.address() + " flags the master " + state.get("flags");
                }
                if (Long.parseLong(state.get("num-other-sentinels")) < SENTINELS - 1) {
                    return "sentinel " + s.address() + " knows " + state.get("num-other-sentinels")
                            + " other sentinels, not " + (SENTINELS - 1);
                }
                long known = j.sentinelReplicas(masterName).stream().filter(r -> "slave".equals(r.get("flags"))).count();
                if (known < replicas) {
                    return "sentinel " + s.address() + " sees " + known + " replicas up, not " + replicas;
                }
            } catch (JedisException e) {
                return "sentinel " + s.address() + " does not answer: " + e.getMessage();
            }
        }
        return null;
    }

    /** Asked of the replicas themselves: Sentinels refresh what they know of a replica's link only every 10 s. */
    private String replicasUnsettled(LocalRedisServer master) {
        for (LocalRedisServer n : dataNodes) {
            if (n == master || !n.isRunning()) {
                continue;
            }
            try (Jedis j = n.jedis()) {
                String replication = j.info("replication");
                if (!replication.contains("master_port:" + dataPort(master) + "\r\n")
                        || !replication.contains("master_link_status:up")) {
                    return "replica " + n.address() + " is not in sync with " + master.address() + " yet";
                }
            } catch (JedisException e) {
                return "replica " + n.address() + " does not answer: " + e.getMessage();
            }
        }
        return null;
    }

    private LocalRedisServer dataNode(List<String> hostAndPort) {
        int port = Integer.parseInt(hostAndPort.get(1));
        return dataNodes.stream().filter(n -> dataPort(n) == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("sentinels report unknown master " + hostAndPort));
    }

    private int dataPort(LocalRedisServer node) {
        return dataPort(node, tls);
    }

    /** The port the Sentinels and the replicas know a data node by. */
    private static int dataPort(LocalRedisServer node, boolean tls) {
        return tls ? node.tlsPort() : node.port();
    }

    private Jedis sentinel(LocalRedisServer s) {
        return new Jedis(new HostAndPort(s.host(), s.port()),
                DefaultJedisClientConfig.builder().password(sentinelPassword).build());
    }

    private static void await(BooleanSupplier done, Supplier<String> problem) {
        Settling.await("sentinels", SETTLE_TIMEOUT, 100, done, problem);
    }

    /**
     * Stops the Sentinels first, so that none of them starts a failover while the data nodes stop, and deletes the
     * Sentinels' directories (the data nodes' are deleted by their own close()).
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        List<LocalRedisServer> order = new ArrayList<>(sentinels);
        order.addAll(dataNodes);
        for (LocalRedisServer n : order) {
            try {
                n.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        sentinels.forEach(s -> LocalRedisServer.deleteRecursively(s.dir()));
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "sentinels " + sentinelAddresses() + " monitoring '" + masterName + "'";
    }
}
