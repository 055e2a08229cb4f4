package dev.ferry.source.sync;

import static dev.ferry.source.sync.SyncTesting.endpoint;
import static dev.ferry.source.sync.SyncTesting.masterOffset;
import static dev.ferry.source.sync.SyncTesting.options;
import static dev.ferry.source.sync.SyncTesting.replicationField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.source.sync.SyncTesting.Collector;
import dev.ferry.testing.TestData;
import redis.clients.jedis.Jedis;

/** The handshake against real servers that refuse, restrict or predate parts of it. */
class ReplicaHandshakeITCase {

    @TempDir
    Path tmp;

    @Test
    void wrongPasswordNamesTheAddressAndTheSettingButNotThePassword() throws Exception {
        try (LocalRedisServer s = start("--requirepass", "s3cret-source"); Spool spool = spool()) {
            Throwable t = catchThrowable(() -> open(s, endpoint(s, null, "wrong-4711"), spool));
            assertThat(t).isInstanceOf(RedisConnectException.class)
                    .hasMessageContaining(s.address())
                    .hasMessageContaining("[sync_reader] password")
                    .hasMessageContaining("WRONGPASS");
            assertThat(t.getMessage()).doesNotContain("wrong-4711").doesNotContain("s3cret-source");
        }
    }

    @Test
    void aMissingPasswordSaysWhichSettingToSet() throws Exception {
        try (LocalRedisServer s = start("--requirepass", "s3cret-source"); Spool spool = spool()) {
            assertThat(catchThrowable(() -> open(s, endpoint(s), spool)))
                    .isInstanceOf(RedisConnectException.class)
                    .hasMessage("source [sync_reader] at " + s.address() + " requires a password (NOAUTH "
                            + "Authentication required.): set [sync_reader] password");
        }
    }

    @Test
    void anAclUserWithoutReplicationRightsIsToldWhatToGrantAndWithThemItReplicates() throws Exception {
        try (LocalRedisServer s = start(); Jedis j = s.jedis(); Spool spool = spool()) {
            j.aclSetUser("reader", "on", ">reader-pw", "~*", "+@read");
            assertThat(catchThrowable(() -> open(s, endpoint(s, "reader", "reader-pw"), spool)))
                    .isInstanceOf(RedisConnectException.class)
                    .hasMessageStartingWith("user 'reader' may not replicate from source [sync_reader] at " + s.address()
                            + ": REPLCONF answered NOPERM")
                    .hasMessageEndingWith("grant it +psync +replconf +ping (ACL SETUSER reader +psync +replconf +ping) "
                            + "or set [sync_reader] username to a user that has them");
            // the advice is enough
            j.aclSetUser("reader", "+psync", "+replconf", "+ping");
            try (ReplicaSession session = open(s, endpoint(s, "reader", "reader-pw"), spool)) {
                assertThat(session.reply()).isInstanceOf(PsyncReply.FullResync.class);
                session.anchor();
            }
        }
    }

    @Test
    void anUnreachableSourceSaysItCannotConnect() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(LocalRedisServer.HOST))) {
            port = free.getLocalPort();
        }
        try (Spool spool = spool()) {
            Throwable t = catchThrowable(() -> ReplicaSession.open(new RedisEndpoint(LocalRedisServer.HOST,
                    port, null, null, TlsSettings.OFF, "[sync_reader]"), PsyncRequest.fullSync(), spool,
                    ReplicaOptions.defaults(), () -> 0));
            assertThat(t).isInstanceOf(RedisConnectException.class)
                    .hasMessageContaining("cannot connect to [sync_reader] at 127.0.0.1:" + port)
                    .hasMessageContaining("server is running");
        }
    }

    @Test
    void aSourceWithoutPsyncFallsBackToSyncWhichCannotResume() throws Exception {
        try (LocalRedisServer s = start("--rename-command", "PSYNC", ""); Jedis j = s.jedis(); Spool spool = spool()) {
            j.set("k1", "v");
            j.rpush("k2", "a", "b");
            AtomicLong acked = new AtomicLong();
            try (ReplicaSession session = ReplicaSession.open(endpoint(s), PsyncRequest.fullSync(), spool,
                    options(Duration.ofSeconds(1)), acked::get)) {
                assertThat(session.reply()).isEqualTo(new PsyncReply.LegacySync());
                assertThat(session.replid()).isNull();
                try (SpoolReader r = spool.reader(session.spoolStart())) {
                    RdbParser p = RdbParser.open(r);
                    int keys = 0;
                    for (RdbRecord rec; (rec = p.next()) != null; ) {
                        keys += rec instanceof KeyRecord ? 1 : 0;
                    }
                    assertThat(keys).isEqualTo(2);
                }
                // offsets count from 0 at the end of the snapshot: exact byte counts, but not the master's offsets,
                // so there is nothing to resume from
                assertThat(session.anchor().offset()).isZero();
                long base = masterOffset(j);
                try (Collector c = new Collector(session.commands(0, 0), acked)) {
                    j.set("k3", "v");
                    j.incr("n");
                    List<ReplicationItem> items = c.until(masterOffset(j) - base);
                    assertThat(ReplicaSessionITCase.render(items)).containsExactly("0 SET k3 v", "0 INCR n");
                }
            }
        }
    }

    @Test
    void aSourceRefusingPsyncAndSyncIsOneClearError() throws Exception {
        try (LocalRedisServer s = start("--rename-command", "PSYNC", "", "--rename-command", "SYNC", "");
             Spool spool = spool()) {
            assertThat(catchThrowable(() -> open(s, endpoint(s), spool)))
                    .isInstanceOf(RedisConnectException.class)
                    .hasMessageStartingWith("source [sync_reader] at " + s.address() + " refuses to replicate: "
                            + "PSYNC answered 'ERR unknown command")
                    .hasMessageContaining("and SYNC answered 'ERR unknown command");
        }
    }

    @Test
    void anUnknownReplidOrAnOffsetOutsideTheBacklogGetsAFullResync() throws Exception {
        try (LocalRedisServer s = start(); Jedis j = s.jedis(); Spool spool = spool()) {
            // the first replica makes the master start a backlog under a new replid; offsets count from then on
            try (ReplicaSession first = open(s, endpoint(s), spool)) {
                first.anchor();
            }
            j.set("k", "v");
            String replid = replicationField(j, "master_replid");
            for (PsyncRequest stale : List.of(new PsyncRequest("0123456789012345678901234567890123456789", 10),
                    new PsyncRequest(replid, masterOffset(j) + 1000))) {
                try (ReplicaSession session = ReplicaSession.open(endpoint(s), stale, spool,
                        ReplicaOptions.defaults(), () -> 0)) {
                    assertThat(session.reply()).isEqualTo(new PsyncReply.FullResync(replid, masterOffset(j)));
                    session.anchor();
                }
            }
        }
    }

    @Test
    void acksCarryTheWritersOffsetNotTheReceivedOneEverySecond() throws Exception {
        try (LocalRedisServer s = start("--repl-ping-replica-period", "3600"); Jedis j = s.jedis(); Spool spool = spool()) {
            AtomicLong writerAcked = new AtomicLong();
            try (ReplicaSession session = ReplicaSession.open(endpoint(s), PsyncRequest.fullSync(), spool,
                    new ReplicaOptions(7777, Duration.ofSeconds(30), Duration.ofSeconds(1)), writerAcked::get)) {
                long start = session.anchor().offset();
                writerAcked.set(start);
                j.set("a", "1");
                j.set("b", "2");
                long received = masterOffset(j);
                assertThat(received).isGreaterThan(start);
                awaitReplicaOffset(j, start);
                Thread.sleep(1500); // more ACKs went out meanwhile, all with the writer's offset
                assertThat(replicaInfo(j)).as("received %d, acknowledged %d", received, start)
                        .contains("port=7777,state=online,offset=" + start + ",");
                writerAcked.set(received);
                awaitReplicaOffset(j, received);
            }
        }
    }

    @Test
    void keepaliveNewlinesBeforeThePsyncReplyAndBeforeTheTransferAreSkipped() throws Exception {
        try (LocalRedisServer s = start(); Jedis j = s.jedis(); Spool spool = spool()) {
            for (int i = 0; i < 100; i++) {
                j.set("k" + i, "v");
            }
            // diskless: the master waits for more replicas and sends a newline every second before +FULLRESYNC
            TestData.cmd(j, "CONFIG", "SET", "repl-diskless-sync-delay", "2");
            assertThat(keysInSnapshot(s, spool)).isEqualTo(100);
            // disk-based with a slow BGSAVE: newlines after +FULLRESYNC, before $<length>
            TestData.cmd(j, "CONFIG", "SET", "repl-diskless-sync", "no");
            TestData.cmd(j, "CONFIG", "SET", "rdb-key-save-delay", "25000");
            assertThat(keysInSnapshot(s, spool)).isEqualTo(100);
        }
    }

    private long keysInSnapshot(LocalRedisServer s, Spool spool) throws Exception {
        try (ReplicaSession session = open(s, endpoint(s), spool);
             SpoolReader r = spool.reader(session.spoolStart())) {
            RdbParser p = RdbParser.open(r);
            long keys = 0;
            for (RdbRecord rec; (rec = p.next()) != null; ) {
                keys += rec instanceof KeyRecord ? 1 : 0;
            }
            assertThat(session.anchor().position()).isEqualTo(session.spoolStart() + p.position());
            return keys;
        }
    }

    private static void awaitReplicaOffset(Jedis j, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!replicaInfo(j).contains("offset=" + offset + ",") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(replicaInfo(j)).contains("offset=" + offset + ",");
    }

    private static String replicaInfo(Jedis j) {
        return replicationField(j, "slave0");
    }

    private ReplicaSession open(LocalRedisServer s, RedisEndpoint ep, Spool spool) {
        return ReplicaSession.open(ep, PsyncRequest.fullSync(), spool, ReplicaOptions.defaults(), () -> 0);
    }

    private Spool spool() throws Exception {
        return Spool.open(tmp.resolve("spool-" + System.nanoTime()), 1 << 20);
    }

    /** A 7.0 server that starts a diskless sync at once (the default waits 5 s for more replicas). */
    private static LocalRedisServer start(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--repl-diskless-sync-delay", "0"));
        all.addAll(List.of(args));
        return LocalRedisServer.start(RedisBinary.redis70(), null, all);
    }
}
