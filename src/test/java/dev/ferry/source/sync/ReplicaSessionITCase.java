package dev.ferry.source.sync;

import static dev.ferry.source.sync.SyncTesting.endpoint;
import static dev.ferry.source.sync.SyncTesting.masterOffset;
import static dev.ferry.source.sync.SyncTesting.options;
import static dev.ferry.source.sync.SyncTesting.replicationField;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import dev.ferry.source.sync.SyncTesting.Collector;
import dev.ferry.testing.TestData;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * Ferry as a replica of real 7.0 and 6.2 masters, disk-based and diskless: the snapshot parses to every key, the
 * commands written afterwards arrive exactly as the master replicates them with the master's own offsets, and
 * reconnecting with PSYNC continues without losing or repeating a command.
 */
class ReplicaSessionITCase {

    @TempDir
    Path tmp;

    static Stream<Arguments> masters() {
        return Stream.of(Arguments.of("7.0", true), Arguments.of("7.0", false),
                Arguments.of("6.2", true), Arguments.of("6.2", false));
    }

    @ParameterizedTest(name = "Redis {0}, repl-diskless-sync {1}")
    @MethodSource("masters")
    void fullSyncThenExactCommandsAndOffsetsThenPartialResyncs(String version, boolean diskless) throws Exception {
        boolean seven = version.equals("7.0");
        try (LocalRedisServer master = LocalRedisServer.start(binary(version), null, List.of(
                "--repl-diskless-sync", diskless ? "yes" : "no", "--repl-diskless-sync-delay", "0",
                // no PINGs in the stream, so master_repl_offset moves only with the test's writes
                "--repl-ping-replica-period", "3600"));
             Jedis j = master.jedis(30_000);
             Spool spool = Spool.open(tmp.resolve("spool"), 1 << 20)) {
            TestData.fillMixed(j, 2);
            TestData.fillBig(j);
            long keys = totalKeys(j);
            AtomicLong acked = new AtomicLong();
            // ACKs only when the master asks: WAIT below then proves GETACK is answered
            ReplicaSession session = ReplicaSession.open(endpoint(master), PsyncRequest.fullSync(), spool,
                    options(Duration.ofHours(1)), acked::get);

            PsyncReply.FullResync full = (PsyncReply.FullResync) session.reply();
            String replid = replicationField(j, "master_replid");
            assertThat(full.replid()).isEqualTo(replid);
            assertThat(full.offset()).isEqualTo(masterOffset(j));
            assertThat(session.replid()).isEqualTo(replid);

            long parsedKeys = 0;
            long rdbBytes;
            try (SpoolReader r = spool.reader(session.spoolStart())) {
                RdbParser p = RdbParser.open(r);
                for (RdbRecord rec; (rec = p.next()) != null; ) {
                    parsedKeys += rec instanceof KeyRecord ? 1 : 0;
                }
                rdbBytes = p.position();
            }
            assertThat(parsedKeys).isEqualTo(keys);
            assertThat(master.logTail(100)).contains(diskless ? "target: replicas sockets" : "target: disk");
            StreamAnchor anchor = session.anchor();
            assertThat(anchor).isEqualTo(new StreamAnchor(session.spoolStart() + rdbBytes, full.offset()));
            assertThat(rdbBytes).isGreaterThan(2_000_000);
            spool.release(anchor.position());
            assertThat(spool.bytesOnDisk()).isLessThanOrEqualTo(1 << 20);
            acked.set(full.offset());

            Collector c = new Collector(session.commands(full.offset(), 0), acked);
            expect(j, c, jj -> jj.set("a", "1"), "0 SET a 1");
            expect(j, c, jj -> jj.incr("n"), "0 INCR n");
            expect(j, c, jj -> {
                Transaction t = jj.multi();
                t.set("t1", "x");
                t.incr("n");
                t.exec();
            }, "[0 SET t1 x, 0 INCR n]");
            expect(j, c, jj -> jj.eval("redis.call('set', KEYS[1], 'v'); redis.call('incr', 'n')", 1, "k1"),
                    "[0 set k1 v, 0 incr n]");
            // a script that writes once: 7.0 replicates the bare effect, 6.2 still wraps it in MULTI/EXEC
            expect(j, c, jj -> jj.eval("redis.call('set', KEYS[1], 'v')", 1, "k2"), seven ? "0 set k2 v" : "[0 set k2 v]");
            expect(j, c, jj -> {
                jj.select(3);
                jj.set("x", "y");
                jj.select(0);
            }, "3 SET x y");
            expect(j, c, jj -> jj.expire("a", 100), seven ? "0 PEXPIREAT a {n}" : "0 EXPIRE a 100");
            expect(j, c, jj -> TestData.cmd(jj, "SET", "b", "x", "EX", "100"),
                    seven ? "0 SET b x PXAT {n}" : "0 SET b x PX 100000");
            String id = new String((byte[]) TestData.cmd(j, "XADD", "s", "*", "f", "v"), StandardCharsets.UTF_8);
            assertThat(render(c.until(masterOffset(j)))).containsExactly("0 XADD s " + id + " f v");
            expect(j, c, jj -> jj.sadd("st", "only"), "0 SADD st only");
            expect(j, c, jj -> jj.spop("st"), "0 SREM st only");
            expect(j, c, jj -> {
                jj.publish("__sentinel__:hello", "127.0.0.1,26379,runid,0,mymaster,127.0.0.1,6379,0");
                jj.publish("news", "hi");
            }, "0 PUBLISH news hi");

            long t0 = System.nanoTime();
            assertThat(j.waitReplicas(1, 10_000)).isEqualTo(1);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("WAIT answered through GETACK, not the hourly ACK")
                    .isLessThan(5_000);
            awaitAck(session, acked.get());
            // the GETACK itself counts in the offsets
            expect(j, c, jj -> jj.set("after-wait", "1"), "0 SET after-wait 1");

            // 1) the connection drops while received commands are still unread: a new session appends the rest
            //    of the same stream to the same spool and the reader resumes at its own cursor
            long cursor = c.stream().offset();
            int cursorDb = c.stream().db();
            c.close();
            j.set("before-kill", "1");
            long receivedUpTo = masterOffset(j);
            awaitSpoolEnd(spool, anchor, receivedUpTo);
            TestData.cmd(j, "CLIENT", "KILL", "TYPE", "replica");
            awaitStopped(session);
            j.set("during-outage", "1");
            j.select(2);
            j.set("in-db2", "1");
            assertThat(anchor.offsetAt(spool.end())).isEqualTo(receivedUpTo);
            ReplicaSession again = ReplicaSession.open(endpoint(master),
                    new PsyncRequest(replid, anchor.offsetAt(spool.end())), spool, options(Duration.ofHours(1)),
                    acked::get);
            assertThat(again.reply()).isEqualTo(new PsyncReply.Continue(replid, false));
            assertThat(again.anchor()).isEqualTo(new StreamAnchor(again.spoolStart(), receivedUpTo));
            Collector c2 = new Collector(again.commands(cursor, cursorDb), acked);
            assertThat(render(c2.until(masterOffset(j))))
                    .containsExactly("0 SET before-kill 1", "0 SET during-outage 1", "2 SET in-db2 1");

            // 2) resuming from a checkpointed cursor alone, with a fresh spool: the db is part of the cursor, since
            //    the master does not repeat the SELECT it sent before the cursor
            cursor = c2.stream().offset();
            cursorDb = c2.stream().db();
            c2.close();
            again.close();
            j.set("while-stopped", "1");
            try (Spool fresh = Spool.open(tmp.resolve("spool2"), 1 << 20)) {
                ReplicaSession third = ReplicaSession.open(endpoint(master), new PsyncRequest(replid, cursor), fresh,
                        options(Duration.ofHours(1)), acked::get);
                assertThat(third.reply()).isEqualTo(new PsyncReply.Continue(replid, false));
                Collector c3 = new Collector(third.commands(cursor, cursorDb), acked);
                assertThat(render(c3.until(masterOffset(j)))).containsExactly("2 SET while-stopped 1");
                c3.close();
                third.close();
            }
        }
    }

    @ParameterizedTest(name = "Redis {0}")
    @ValueSource(strings = {"7.0", "6.2"})
    void afterAFailoverTheNewMasterContinuesUnderItsNewReplid(String version) throws Exception {
        List<String> args = List.of("--repl-diskless-sync-delay", "0", "--repl-ping-replica-period", "3600");
        try (LocalRedisServer master = LocalRedisServer.start(binary(version), null, args);
             LocalRedisServer replica = LocalRedisServer.start(binary(version), null, args);
             Jedis m = master.jedis(); Jedis r = replica.jedis(); Spool spool = Spool.open(tmp, 1 << 20)) {
            r.replicaof(LocalRedisServer.HOST, master.port());
            AtomicLong acked = new AtomicLong();
            long cursor;
            int cursorDb;
            String oldReplid;
            try (ReplicaSession session = ReplicaSession.open(endpoint(master), PsyncRequest.fullSync(), spool,
                    options(Duration.ofSeconds(1)), acked::get)) {
                oldReplid = session.replid();
                Collector c = new Collector(session.commands(session.anchor().offset(), 0), acked);
                expect(m, c, jj -> jj.set("a", "1"), "0 SET a 1");
                cursor = c.stream().offset();
                cursorDb = c.stream().db();
                c.close();
            }
            awaitOffset(r, cursor);
            r.replicaofNoOne(); // the failover: the replica becomes a master with a new replid, the old one as replid2
            String newReplid = replicationField(r, "master_replid");
            assertThat(newReplid).isNotEqualTo(oldReplid);
            assertThat(replicationField(r, "master_replid2")).isEqualTo(oldReplid);
            r.set("b", "1");

            try (Spool fresh = Spool.open(tmp.resolve("after-failover"), 1 << 20);
                 ReplicaSession session = ReplicaSession.open(endpoint(replica), new PsyncRequest(oldReplid, cursor),
                         fresh, options(Duration.ofSeconds(1)), acked::get)) {
                assertThat(session.reply()).isEqualTo(new PsyncReply.Continue(newReplid, true));
                assertThat(session.replid()).isEqualTo(newReplid);
                Collector c = new Collector(session.commands(cursor, cursorDb), acked);
                assertThat(render(c.until(masterOffset(r)))).containsExactly("0 SET b 1");
                c.close();
            }
        }
    }

    private static void awaitOffset(Jedis replica, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(replicationField(replica, "master_link_status").equals("up") && masterOffset(replica) == offset)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(masterOffset(replica)).isEqualTo(offset);
    }

    /** Runs {@code action} and expects exactly {@code expected} items, the last ending at master_repl_offset. */
    private static void expect(Jedis j, Collector c, Consumer<Jedis> action, String... expected) throws Exception {
        action.accept(j);
        List<String> got = render(c.until(masterOffset(j)));
        assertThat(got).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got.get(i)).matches(placeholders(expected[i]));
        }
    }

    private static Pattern placeholders(String expected) {
        return Pattern.compile(Stream.of(expected.split("\\{n}", -1)).map(Pattern::quote)
                .collect(Collectors.joining("\\d+")));
    }

    static List<String> render(List<ReplicationItem> items) {
        List<String> out = new ArrayList<>();
        for (ReplicationItem item : items) {
            if (item instanceof ReplicationItem.Command c) {
                out.add(c.db() + " " + SyncTesting.text(c));
            } else {
                ReplicationItem.Transaction t = (ReplicationItem.Transaction) item;
                out.add(t.commands().stream().map(c -> c.db() + " " + SyncTesting.text(c))
                        .collect(Collectors.joining(", ", "[", "]")));
            }
        }
        return out;
    }

    private static void awaitSpoolEnd(Spool spool, StreamAnchor anchor, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (anchor.offsetAt(spool.end()) < offset && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(anchor.offsetAt(spool.end())).isEqualTo(offset);
    }

    private static void awaitAck(ReplicaSession s, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (s.lastAckSent() != offset && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(s.lastAckSent()).isEqualTo(offset);
    }

    private static void awaitStopped(ReplicaSession s) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (s.isReceiving() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(s.isReceiving()).isFalse();
    }

    static long totalKeys(Jedis j) {
        long n = 0;
        for (String line : j.info("keyspace").split("\r?\n")) {
            if (line.startsWith("db")) {
                Map<String, String> fields = new java.util.HashMap<>();
                for (String kv : line.substring(line.indexOf(':') + 1).split(",")) {
                    String[] p = kv.split("=");
                    fields.put(p[0], p[1]);
                }
                n += Long.parseLong(fields.get("keys"));
            }
        }
        return n;
    }

    static RedisBinary binary(String version) {
        return version.equals("7.0") ? RedisBinary.redis70() : RedisBinary.redis62();
    }
}
