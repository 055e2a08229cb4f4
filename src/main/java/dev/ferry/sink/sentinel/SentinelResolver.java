package dev.ferry.sink.sentinel;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.sink.TargetTopologyException;

/**
 * Finds the current master of a Sentinel-monitored Redis: asks each Sentinel in turn (SENTINEL
 * GET-MASTER-ADDR-BY-NAME) and accepts an answer only when the node itself says ROLE master, because a Sentinel
 * that has not caught up with a failover still names the old master, and an old master keeps answering as master
 * until Sentinel turns it into a replica, up to 10 s after the failover.
 *
 * <pre>{@code
 * SentinelResolver sentinels = SentinelResolver.builder()
 *         .sentinels(List.of(sentinelEndpoint))          // with the Sentinels' own username/password/tls
 *         .masterName("mymaster")
 *         .dataNodeLogin(username, password, tls, "target [redis_writer]")
 *         .build();
 * RedisEndpoint master = sentinels.resolve();
 * ...after a write fails:
 * master = sentinels.awaitNewMaster(master, Duration.ofSeconds(30));
 * }</pre>
 */
public final class SentinelResolver implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final int READ_TIMEOUT_MS = 5_000;
    private static final long POLL_MS = 100;
    /** What {@link #ask} returns when the Sentinel could not be asked (a nil reply is an answer). */
    private static final Object NO_ANSWER = new Object();

    private final List<RedisEndpoint> sentinels;
    private final String masterName;
    private final String username;
    private final String password;
    private final TlsSettings tls;
    private final String configSection;

    private SentinelResolver(Builder b) {
        this.sentinels = List.copyOf(b.sentinels);
        this.masterName = Objects.requireNonNull(b.masterName, "masterName");
        this.username = b.username;
        this.password = b.password;
        this.tls = b.tls;
        this.configSection = Objects.requireNonNull(b.configSection, "dataNodeLogin");
        if (sentinels.isEmpty()) {
            throw new IllegalArgumentException("no sentinel address for master '" + masterName + "'");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What {@link SentinelResolver} needs; all but the data node's username and password are required. */
    public static final class Builder {
        private List<RedisEndpoint> sentinels = List.of();
        private String masterName;
        private String username;
        private String password;
        private TlsSettings tls = TlsSettings.OFF;
        private String configSection;

        private Builder() {
        }

        /** The Sentinels, each with the username, password and TLS setting to log in to it. */
        public Builder sentinels(List<RedisEndpoint> endpoints) {
            this.sentinels = endpoints;
            return this;
        }

        /** The name the Sentinels monitor the master under ({@code sentinel monitor <name> ...}). */
        public Builder masterName(String name) {
            this.masterName = name;
            return this;
        }

        /** How to log in to master and replicas, and the config section their errors should name. */
        public Builder dataNodeLogin(String user, String pass, TlsSettings useTls, String section) {
            this.username = user;
            this.password = pass;
            this.tls = useTls;
            this.configSection = section;
            return this;
        }

        public SentinelResolver build() {
            return new SentinelResolver(this);
        }
    }

    public String masterName() {
        return masterName;
    }

    /**
     * The master as the first Sentinel with a verified answer names it.
     *
     * @throws TargetTopologyException when every Sentinel that answered does not know {@link #masterName()}
     * @throws RedisConnectException   when no Sentinel answered, or none named a node that is a master (the
     *                                 message has each Sentinel's answer)
     */
    public RedisEndpoint resolve() {
        List<String> problems = new ArrayList<>();
        int answered = 0;
        int unknown = 0;
        for (RedisEndpoint sentinel : sentinels) {
            Object reply = ask(sentinel, problems, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
            if (reply == NO_ANSWER) {
                continue;
            }
            answered++;
            if (reply == null) {
                unknown++;
                problems.add(sentinel.address() + " does not know master '" + masterName + "'");
            } else if (reply instanceof RespError e) {
                problems.add(sentinel.address() + " answered " + e.message());
            } else {
                RedisEndpoint master = named((List<?>) reply);
                String role = role(master);
                if ("master".equals(role)) {
                    return master;
                }
                problems.add(sentinel.address() + " names " + master.address() + " as master '" + masterName
                        + "' but " + role);
            }
        }
        String where = "sentinel at " + String.join(", ", sentinels.stream().map(RedisEndpoint::address).toList());
        if (unknown > 0 && unknown == answered) {
            throw new TargetTopologyException("no " + where + " knows master '" + masterName
                    + "': check the master name in " + sentinels.get(0).configSection() + (unknown < sentinels.size() ? " (" + String.join("; ", problems) + ")"
                    : ""));
        }
        throw new RedisConnectException("no " + where + " names a reachable master '" + masterName + "': "
                + String.join("; ", problems), null);
    }

    /** The data node a GET-MASTER-ADDR-BY-NAME answer names, with the data nodes' login. */
    private RedisEndpoint named(List<?> hostPort) {
        return dataNode(text(hostPort.get(0)), text(hostPort.get(1)));
    }

    private RedisEndpoint dataNode(String host, String port) {
        return new RedisEndpoint(host, Integer.parseInt(port), username, password, tls, configSection);
    }

    /**
     * A kept connection to one Sentinel, for asking again and again which master it names without a new connection
     * each time.
     */
    public Watch watch() {
        return new Watch();
    }

    /**
     * Asks one Sentinel, over one connection kept open, which master it names; when that connection is lost it connects
     * again, to the first Sentinel that accepts. The answer is not verified with ROLE: a caller that finds it names the
     * master it expects checks ROLE over its own connection, and otherwise asks {@link #resolve()} for the verdict.
     */
    public final class Watch implements AutoCloseable {
        private RedisConnection sentinel;

        private Watch() {
        }

        /** The master's address ({@link RedisEndpoint#address()}) as a Sentinel names it, or null when none can be asked or names one. */
        public String namedMaster() {
            Object reply = call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
            return reply instanceof List<?> hostPort ? named(hostPort).address() : null;
        }

        /** Like {@link SentinelResolver#healthyReplicas()}, asked over the kept connection, and of every Sentinel only when it has no answer. */
        public List<RedisEndpoint> healthyReplicas() {
            Object reply = call("SENTINEL", "REPLICAS", masterName);
            return reply instanceof List<?> replicas ? healthy(replicas) : SentinelResolver.this.healthyReplicas();
        }

        /** The kept Sentinel's reply, or null when no Sentinel can be asked. */
        private Object call(String... command) {
            for (int attempt = 0; attempt < 2; attempt++) { // a kept connection may have gone stale: one fresh try
                if (sentinel == null) {
                    sentinel = connect();
                    if (sentinel == null) {
                        return null;
                    }
                }
                try {
                    return sentinel.call(command);
                } catch (IOException lost) {
                    close();
                }
            }
            return null;
        }

        private RedisConnection connect() {
            for (RedisEndpoint s : sentinels) {
                try {
                    return RedisConnection.open(s, READ_TIMEOUT_MS);
                } catch (RedisConnectException e) {
                    // the next Sentinel may answer
                }
            }
            return null;
        }

        @Override
        public void close() {
            if (sentinel != null) {
                sentinel.close();
                sentinel = null;
            }
        }
    }

    /** Whether a ROLE reply says master. */
    public static boolean isMaster(Object roleReply) {
        return roleReply instanceof List<?> l && !l.isEmpty() && "master".equals(text(l.get(0)));
    }

    /**
     * The replicas the first answering Sentinel considers healthy: not flagged down ({@code s_down}, {@code o_down})
     * or {@code disconnected}, and with {@code master-link-status ok}. Sentinel refreshes what it knows of a replica
     * only every few seconds, so a caller that needs certainty asks the replica itself.
     *
     * @throws RedisConnectException when no Sentinel answers
     */
    public List<RedisEndpoint> healthyReplicas() {
        List<String> problems = new ArrayList<>();
        for (RedisEndpoint sentinel : sentinels) {
            Object reply = ask(sentinel, problems, "SENTINEL", "REPLICAS", masterName);
            if (reply == NO_ANSWER) {
                continue;
            }
            if (reply instanceof RespError e) {
                problems.add(sentinel.address() + " answered " + e.message());
                continue;
            }
            return healthy((List<?>) reply);
        }
        throw new RedisConnectException("no sentinel at " + String.join(", ", sentinels.stream()
                .map(RedisEndpoint::address).toList()) + " answered about the replicas of '" + masterName + "': "
                + String.join("; ", problems), null);
    }

    /** The replicas of a SENTINEL REPLICAS reply that are up and linked to their master. */
    private List<RedisEndpoint> healthy(List<?> replicas) {
        List<RedisEndpoint> healthy = new ArrayList<>();
        for (Object r : replicas) {
            List<?> flat = (List<?>) r;
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(text(flat.get(i)), text(flat.get(i + 1)));
            }
            List<String> flags = List.of(fields.getOrDefault("flags", "").split(","));
            if (!flags.contains("s_down") && !flags.contains("o_down") && !flags.contains("disconnected")
                    && "ok".equals(fields.get("master-link-status"))) {
                healthy.add(dataNode(fields.get("ip"), fields.get("port")));
            }
        }
        return healthy;
    }

    /**
     * Waits until the Sentinels name a verified master other than {@code previous}, after a failover (started by
     * anyone, or by the Sentinels themselves when the master died).
     *
     * @throws RedisConnectException when there is none after {@code timeout}, with what the Sentinels said last
     */
    public RedisEndpoint awaitNewMaster(RedisEndpoint previous, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String last;
            try {
                RedisEndpoint master = resolve();
                if (!master.address().equals(previous.address())) {
                    return master;
                }
                last = "the sentinels still name " + previous.address();
            } catch (TargetTopologyException e) {
                throw e;
            } catch (RedisConnectException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new RedisConnectException("no new master '" + masterName + "' after " + timeout.toMillis()
                        + " ms: " + last, null);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisConnectException("interrupted while waiting for a new master '" + masterName + "'", e);
            }
        }
    }

    /** The Sentinel's reply to {@code command}, or {@link #NO_ANSWER} with the reason added to {@code problems}. */
    private static Object ask(RedisEndpoint sentinel, List<String> problems, String... command) {
        try (RedisConnection c = RedisConnection.open(sentinel, READ_TIMEOUT_MS)) {
            return c.call(command);
        } catch (RedisConnectException e) {
            problems.add(e.getMessage());
        } catch (IOException e) {
            problems.add(sentinel.address() + ": " + e.getMessage());
        }
        return NO_ANSWER;
    }

    /** "master", or what the node is instead ("it is a replica (ROLE slave)", "it cannot be reached: ..."). */
    private static String role(RedisEndpoint node) {
        try (RedisConnection c = RedisConnection.open(node, READ_TIMEOUT_MS)) {
            Object reply = c.call("ROLE");
            if (reply instanceof RespError e) {
                return "it answers ROLE with " + e.message();
            }
            return isMaster(reply) ? "master" : "it is not a master (ROLE " + text(((List<?>) reply).get(0)) + ")";
        } catch (RedisConnectException e) {
            return "it cannot be reached: " + e.getMessage();
        } catch (IOException e) {
            return "it does not answer ROLE: " + e.getMessage();
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    @Override
    public String toString() {
        return "master '" + masterName + "' via sentinels " + sentinels.stream().map(RedisEndpoint::address).toList();
    }
}
