package dev.ferry.source.sync;

import static dev.ferry.source.sync.SyncTesting.endpoint;
import static dev.ferry.source.sync.SyncTesting.masterOffset;
import static dev.ferry.source.sync.SyncTesting.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.testing.RedisServerExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * A real 7.0 master's command stream, cut at every byte: what a consumer gets before the cut plus what it gets
 * resuming at its {@link ReplicationStream#offset()} and {@link ReplicationStream#db()} is always exactly the
 * whole stream, never a command lost or twice, never half a transaction.
 */
class ReplicationStreamTest {

    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.redis70()
            .withArgs("--repl-diskless-sync-delay", "0", "--repl-ping-replica-period", "3600");

    @TempDir
    Path tmp;

    @Test
    void cutAnywhereAndResumedAtTheCursorGivesTheWholeStreamOnce() throws Exception {
        byte[] stream;
        long start;
        AtomicInteger getAcks = new AtomicInteger();
        try (Jedis j = redis.jedis(); Spool spool = Spool.open(tmp, 1 << 20);
             ReplicaSession session = ReplicaSession.open(endpoint(redis.server()), PsyncRequest.fullSync(), spool,
                     options(Duration.ofHours(1)), () -> 0)) {
            StreamAnchor anchor = session.anchor();
            start = anchor.offset();
            j.set("a", "1");
            Transaction t = j.multi();
            t.set("b", "1");
            t.sendCommand(() -> "SELECT".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "2");
            t.incr("c");
            t.exec();
            j.set("d", "1"); // the connection stayed in db 2
            j.waitReplicas(1, 100); // a REPLCONF GETACK in the stream; the ACK is not awaited here
            j.set("e", "1");
            long end = masterOffset(j);
            while (anchor.offsetAt(spool.end()) < end) {
                Thread.sleep(10);
            }
            try (SpoolReader r = spool.reader(anchor.position())) {
                stream = r.readNBytes((int) (end - start));
            }
        }

        List<String> whole = read(stream, 0, start, 0, getAcks::incrementAndGet);
        assertThat(whole.stream().map(i -> i.substring(0, i.lastIndexOf(" @"))))
                .containsExactly("0 SET a 1", "[0 SET b 1, 2 INCR c]", "2 SET d 1", "2 SET e 1");
        assertThat(whole.get(whole.size() - 1)).endsWith(" @" + (start + stream.length));
        assertThat(getAcks).hasValue(1);

        for (int cut = 0; cut <= stream.length; cut++) {
            ReplicationStream before = new ReplicationStream(new ByteArrayInputStream(stream, 0, cut), start, 0, () -> { });
            List<String> all = drain(before);
            long resumeAt = before.offset();
            assertThat(resumeAt).isBetween(start, start + cut);
            all.addAll(read(stream, (int) (resumeAt - start), resumeAt, before.db(), () -> { }));
            assertThat(all).as("cut after %d bytes, resumed at offset %d in db %d", cut, resumeAt, before.db())
                    .isEqualTo(whole);
        }
    }

    /**
     * A master's PING every {@code repl-ping-replica-period} may be the last thing that has arrived: the reader gets
     * control back with the offset past it, rather than waiting inside {@code next} for the source's next write while
     * the items it already read go unemitted.
     */
    @Test
    void aKeepaliveWithNothingAfterItGivesControlBackPastIt() throws Exception {
        byte[] bytes = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*1\r\n$4\r\nPING\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.io.PipedOutputStream source = new java.io.PipedOutputStream();
             java.io.PipedInputStream in = new java.io.PipedInputStream(source, 1024)) {
            source.write(bytes); // the pipe stays open: a read past these bytes would wait for the writer
            ReplicationStream s = new ReplicationStream(in, 100, 0, () -> { });
            assertThat(s.next().offset()).isEqualTo(127);
            assertThat(s.next()).isNull();
            assertThat(s.offset()).isEqualTo(100 + bytes.length);
        }
    }

    @Test
    void somethingThatIsNotACommandIsAnErrorWithTheOffset() {
        byte[] bytes = "*1\r\n$4\r\nPING\r\n+OK\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ReplicationStream s = new ReplicationStream(new ByteArrayInputStream(bytes), 100, 0, () -> { });
        org.assertj.core.api.Assertions.assertThatThrownBy(s::next)
                .hasMessage("the replication stream holds 'OK' after offset 119 where a command was expected");
        assertThat(s.offset()).isEqualTo(114);
    }

    /** Items rendered with their offsets, from byte {@code from} (at {@code offset}) to the end. */
    private static List<String> read(byte[] stream, int from, long offset, int db, Runnable onGetAck) {
        ReplicationStream s = new ReplicationStream(new ByteArrayInputStream(stream, from, stream.length - from),
                offset, db, onGetAck);
        List<String> items = drain(s);
        assertThat(s.offset()).isEqualTo(offset + stream.length - from);
        return items;
    }

    /** Everything until the input ends (an IOException, as when a connection drops). */
    private static List<String> drain(ReplicationStream s) {
        List<String> out = new ArrayList<>();
        try {
            while (true) {
                ReplicationItem item = s.next();
                if (item != null) {
                    out.add(ReplicaSessionITCase.render(List.of(item)).get(0) + " @" + item.offset());
                }
            }
        } catch (IOException end) {
            return out;
        }
    }
}
