package dev.ferry.sink.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.LocalSentinel;
import dev.ferry.local.RedisBinary;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.sink.TargetTopologyException;
import dev.ferry.testing.RedisSentinelExtension;

/** SentinelResolver against three real Sentinels that, like the data nodes, require a password. */
class SentinelResolverITCase {

    static final String DATA_PASSWORD = "data-s3cret";
    static final String SENTINEL_PASSWORD = "sentinel-s3cret";
    static final String TARGET = "target [redis_writer]";
    static final String SENTINEL = "sentinel [redis_writer.sentinel]";

    @RegisterExtension
    static RedisSentinelExtension redis = RedisSentinelExtension.redis70().withPasswords(DATA_PASSWORD, SENTINEL_PASSWORD);

    static List<RedisEndpoint> sentinels(String password) {
        return redis.sentinel().sentinels().stream()
                .map(s -> new RedisEndpoint(s.host(), s.port(), null, password, TlsSettings.OFF, SENTINEL)).toList();
    }

    static SentinelResolver resolver(List<RedisEndpoint> sentinels, String masterName) {
        return SentinelResolver.builder().sentinels(sentinels).masterName(masterName)
                .dataNodeLogin(null, DATA_PASSWORD, TlsSettings.OFF, TARGET).build();
    }

    static SentinelResolver resolver() {
        return resolver(sentinels(SENTINEL_PASSWORD), redis.sentinel().masterName());
    }

    @Test
    void resolvesTheCurrentMasterWithTheDataNodesLogin() throws IOException {
        RedisEndpoint master = resolver().resolve();

        assertThat(master).isEqualTo(new RedisEndpoint(LocalRedisServer.HOST, redis.sentinel().currentMaster().port(),
                null, DATA_PASSWORD, TlsSettings.OFF, TARGET));
        try (RedisConnection c = RedisConnection.open(master, 5000)) {
            assertThat(c.call("SET", "via-sentinel", "1")).isEqualTo("OK");
        }
    }

    @Test
    void skipsSentinelsThatCannotBeReached() throws IOException {
        List<RedisEndpoint> withDeadOne = new ArrayList<>();
        withDeadOne.add(new RedisEndpoint(LocalRedisServer.HOST, closedPort(), null, SENTINEL_PASSWORD, TlsSettings.OFF, SENTINEL));
        withDeadOne.addAll(sentinels(SENTINEL_PASSWORD));

        assertThat(resolver(withDeadOne, redis.sentinel().masterName()).resolve().port())
                .isEqualTo(redis.sentinel().currentMaster().port());
    }

    @Test
    void anUnknownMasterNameIsNamedWithEverySentinelAsked() {
        List<RedisEndpoint> sentinels = sentinels(SENTINEL_PASSWORD);
        String addresses = String.join(", ", sentinels.stream().map(RedisEndpoint::address).toList());

        assertThatThrownBy(() -> resolver(sentinels, "no-such-master").resolve())
                .isInstanceOf(TargetTopologyException.class)
                .hasMessage("no sentinel at " + addresses + " knows master 'no-such-master': check the master name in " + SENTINEL);
    }

    @Test
    void aWrongSentinelPasswordSaysWhichSettingToCheckWithoutShowingIt() {
        assertThatThrownBy(() -> resolver(sentinels("wrong-pass"), redis.sentinel().masterName()).resolve())
                .isInstanceOf(RedisConnectException.class)
                .isNotInstanceOf(TargetTopologyException.class)
                .hasMessageContaining("authentication to " + SENTINEL + " at " + redis.sentinel().sentinelAddresses().get(0)
                        + " failed")
                .hasMessageNotContaining("wrong-pass");
    }

    @Test
    void aSentinelNamingAReplicaIsNotBelievedAndTheNextOneIs(@TempDir Path dir) throws IOException {
        // a Sentinel that monitors a replica under the same name: nothing tells it otherwise, since no other
        // Sentinel watches that pair and sends it hello messages
        RedisBinary binary = RedisBinary.redis70();
        List<String> auth = List.of("--requirepass", DATA_PASSWORD, "--masterauth", DATA_PASSWORD);
        try (LocalRedisServer otherMaster = LocalRedisServer.start(binary, null, auth);
             LocalRedisServer otherReplica = LocalRedisServer.start(binary, null, concat(auth,
                     List.of("--replicaof", LocalRedisServer.HOST, Integer.toString(otherMaster.port()))));
             LocalRedisServer stale = staleSentinel(binary, dir, otherReplica)) {
            RedisEndpoint staleEndpoint = new RedisEndpoint(stale.host(), stale.port(), null, null, TlsSettings.OFF, SENTINEL);
            List<RedisEndpoint> staleFirst = new ArrayList<>(List.of(staleEndpoint));
            staleFirst.addAll(sentinels(SENTINEL_PASSWORD));

            assertThat(resolver(staleFirst, redis.sentinel().masterName()).resolve().port())
                    .isEqualTo(redis.sentinel().currentMaster().port());
            assertThatThrownBy(() -> resolver(List.of(staleEndpoint), redis.sentinel().masterName()).resolve())
                    .isInstanceOf(RedisConnectException.class)
                    .hasMessageContaining(stale.address() + " names " + otherReplica.address() + " as master '"
                            + redis.sentinel().masterName() + "' but it is not a master (ROLE slave)");
        }
    }

    @Test
    void aWatchAnswersAgainAfterItsSentinelConnectionIsKilled() throws IOException {
        String master = redis.sentinel().currentMaster().address();
        try (SentinelResolver.Watch watch = resolver().watch();
             RedisConnection first = RedisConnection.open(sentinels(SENTINEL_PASSWORD).get(0), 5000)) {
            assertThat(watch.namedMaster()).isEqualTo(master);

            assertThat((Long) first.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")).isPositive();

            assertThat(watch.namedMaster()).isEqualTo(master);
            assertThat((Long) first.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")).isPositive();
            List<RedisEndpoint> healthy = awaitHealthyReplicas();
            assertThat(watch.healthyReplicas()).as("asked over the kept connection, reconnected")
                    .isNotEmpty().isEqualTo(healthy);
        }
    }

    /**
     * The replicas every Sentinel asked finds healthy, once there are any: a Sentinel refreshes a replica's
     * master-link-status from its INFO every 10 s, so after an earlier test's failover it may still say "err".
     */
    private List<RedisEndpoint> awaitHealthyReplicas() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<RedisEndpoint> healthy;
        while ((healthy = resolver().healthyReplicas()).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a healthy replica", e);
            }
        }
        return healthy;
    }

    @Test
    void aWatchNamesNoMasterForAnUnknownName() {
        try (SentinelResolver.Watch watch = resolver(sentinels(SENTINEL_PASSWORD), "no-such-master").watch()) {
            assertThat(watch.namedMaster()).isNull();
        }
    }

    @Test
    void awaitNewMasterFollowsASentinelFailover() {
        SentinelResolver resolver = resolver();
        RedisEndpoint before = resolver.resolve();

        LocalRedisServer promoted = redis.sentinel().failover();

        RedisEndpoint after = resolver.awaitNewMaster(before, Duration.ofSeconds(10));
        assertThat(after.port()).isEqualTo(promoted.port()).isNotEqualTo(before.port());
        assertThat(after.password()).isEqualTo(DATA_PASSWORD);
    }

    @Test
    void awaitNewMasterFollowsTheFailoverSentinelsStartWhenTheMasterDies() throws IOException {
        SentinelResolver resolver = resolver();
        RedisEndpoint before = resolver.resolve();
        LocalSentinel s = redis.sentinel();
        LocalRedisServer replica = s.replicas().get(0);
        try (RedisConnection c = RedisConnection.open(before, 5000)) {
            c.call("SET", "survives", "yes");
            assertThat(c.call("WAIT", "1", "5000")).isEqualTo(1L);
        }

        s.currentMaster().kill();

        RedisEndpoint after = resolver.awaitNewMaster(before, Duration.ofSeconds(30));
        assertThat(after.port()).isEqualTo(replica.port());
        try (RedisConnection c = RedisConnection.open(after, 5000)) {
            assertThat(c.call("GET", "survives")).isEqualTo("yes".getBytes());
            assertThat(c.call("SET", "after-failover", "1")).isEqualTo("OK");
        }
    }

    @Test
    void awaitNewMasterGivesUpAfterTheTimeoutNamingTheOldMaster() {
        SentinelResolver resolver = resolver();
        RedisEndpoint master = resolver.resolve();

        assertThatThrownBy(() -> resolver.awaitNewMaster(master, Duration.ofMillis(500)))
                .isInstanceOf(RedisConnectException.class)
                .hasMessage("no new master '" + redis.sentinel().masterName() + "' after 500 ms: the sentinels still name "
                        + master.address());
    }

    private static LocalRedisServer staleSentinel(RedisBinary binary, Path dir, LocalRedisServer monitored)
            throws IOException {
        String name = redis.sentinel().masterName();
        Path conf = dir.resolve("sentinel.conf");
        Files.write(conf, List.of(
                "sentinel monitor " + name + " " + monitored.host() + " " + monitored.port() + " 1",
                "sentinel auth-pass " + name + " " + DATA_PASSWORD,
                // long enough that it does not try to fail over the "master" that claims to be a replica
                "sentinel down-after-milliseconds " + name + " 600000"));
        return LocalRedisServer.start(binary, dir, List.of(conf.toString(), "--sentinel"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LocalRedisServer.HOST))) {
            return s.getLocalPort();
        }
    }
}
