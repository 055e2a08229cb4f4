package dev.ferry.source.reader;

import dev.ferry.command.CommandSpec;
import dev.ferry.command.CommandTable;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.Printable;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.source.split.SyncPosition;
import dev.ferry.source.split.SyncSplit;
import dev.ferry.source.sync.PsyncReply;
import dev.ferry.source.sync.PsyncRequest;
import dev.ferry.source.sync.ReplicaOptions;
import dev.ferry.source.sync.ReplicaSession;
import dev.ferry.source.sync.ReplicationRefusedException;
import dev.ferry.source.sync.ReplicationItem;
import dev.ferry.source.sync.ReplicationStream;
import dev.ferry.source.sync.Spool;
import dev.ferry.source.sync.SpoolReader;
import dev.ferry.source.sync.SpooledSnapshot;
import dev.ferry.source.sync.StreamAnchor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split's replication, driven by the fetcher thread: the replica session, its spool, and the phase (parsing
 * the snapshot from the spool, then the command stream). Each {@link #poll} returns within about the wait it is
 * given when the source is quiet, so one fetcher can serve several splits and stays responsive to shutdown.
 *
 * <p>A MULTI/EXEC block is emitted as one {@link TransactionEvent} whose position is the offset after its EXEC, so
 * a checkpoint is never taken inside a block.
 *
 * <p>When the connection is lost, the feed reconnects with {@link Backoff}, finding the server anew (after a
 * failover, Sentinel or the cluster names another), and asks to continue after the last command it emitted:
 * what was received after it and not yet parsed is dropped from consideration, so nothing is skipped or emitted
 * twice, and a server that holds less of the old master's history than Ferry received can still continue. A loss
 * during the snapshot transfer starts over with a full sync.
 */
final class ReplicaFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFeed.class);
    private static final int MAX_ITEMS_PER_POLL = 1024;
    private static final String REPL_STREAM_DB = "repl-stream-db";

    private final SyncSplit split;
    private final FeedContext ctx;
    private final Spool spool;
    private final SplitProgress progress;
    private final ArrivalMarks arrivals = new ArrivalMarks();
    /** The spool position up to which the target has acknowledged (the snapshot's start while it is parsed). */
    private long ackedPosition;
    private volatile long ackedOffset;
    private ReplicaSession session;
    private RedisEndpoint server;
    private String replid;

    /**
     * Snapshot phase (while {@code snapshotIn} is set): the parser over the spool (null until the first bytes
     * arrive), where the snapshot starts, and the offset it was taken at.
     */
    private RdbParser parser;
    private SpoolReader snapshotIn;
    private long snapshotStart;
    private long snapshotOffset;
    private long snapshotKeys;
    /**
     * The db the command stream after the snapshot starts in: a replica serving Ferry forwards its master's stream,
     * which selected its db before the snapshot was taken and does not select it again; the snapshot says which in its
     * {@code repl-stream-db} field (absent: 0), as it does for a replica of that replica.
     */
    private int streamDb;
    /** The snapshot's length when known without the session (one continued from the spool), else -1. */
    private long snapshotLength = -1;
    /** This session brings a snapshot: note in the spool that it is whole once it has arrived. */
    private boolean noteWhenWhole;

    /** Stream phase: the last position emitted, and the one after the last command emitted (where to resume). */
    private ReplicationStream stream;
    private StreamAnchor anchor;
    private SyncPosition streamed;
    private SyncPosition resumeAt;
    private long streamFrom;

    private SyncPosition released;
    private boolean finished;

    /** While the connection is lost: what to ask for, from which db, and when to try next. */
    private PsyncRequest reconnectRequest;
    private int reconnectDb;
    private long reconnectDue;
    private int failedAttempts;

    private ReplicaFeed(SyncSplit split, FeedContext ctx, Spool spool) {
        this.split = split;
        this.ctx = ctx;
        this.spool = spool;
        this.progress = new SplitProgress(split.splitId(), ctx.settings().logInterval(), System.nanoTime());
        ctx.metrics().register(split.splitId(), progress);
    }

    /** Connects (once: a source that cannot be reached at start is a configuration problem, not an outage). */
    static ReplicaFeed open(SyncSplit split, FeedContext ctx) throws IOException {
        Spool spool = Spool.open(ctx.settings().spoolDir(split.splitId()), ctx.settings().spoolSegmentBytes());
        SpooledSnapshot kept = keptSnapshot(split.position(), spool);
        // every run asks the source anew (a resumed one from the checkpoint's offset): what an earlier run spooled is
        // not read again, except the rest of a whole snapshot that the restored position is in the middle of
        spool.release(kept == null ? spool.end() : split.position().snapshot().spoolPosition());
        ReplicaFeed feed = new ReplicaFeed(split, ctx, spool);
        try {
            feed.start(kept);
            return feed;
        } catch (IOException | RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    /**
     * The snapshot that {@code from} is in the middle of, when the spool still holds it whole from there on (the same
     * {@code [advanced] dir} on the same machine, and it had arrived whole before the run stopped); else null.
     */
    private static SpooledSnapshot keptSnapshot(SyncPosition from, Spool spool) throws IOException {
        if (from == null || !from.inSnapshot()) {
            return null;
        }
        SpooledSnapshot noted = SpooledSnapshot.read(spool.dir()).orElse(null);
        boolean whole = noted != null && noted.is(from.replid(), from.offset(), from.snapshot().spoolStart())
                && spool.start() <= from.snapshot().spoolPosition() && noted.end() <= spool.end();
        return whole ? noted : null;
    }

    private void start(SpooledSnapshot kept) throws IOException {
        SyncPosition from = split.position();
        if (kept != null) { // so from is in a snapshot: keptSnapshot finds one only there
            LOG.info("replica split {} was restored in the middle of the snapshot of replication {}, which the spool in "
                    + "{} still holds whole: parsing on from its byte {}, and asking the source to continue after offset "
                    + "{}, where the snapshot was taken", split.splitId(), from.replid(), spool.dir(),
                    from.snapshot().next().offset(), from.offset());
            streamDb = from.db();
            snapshotLength = kept.end() - kept.spoolStart();
            connect(new PsyncRequest(from.replid(), from.offset()), 0, from.snapshot());
        } else if (from != null && from.inSnapshot()) {
            LOG.warn("replica split {} was restored in the middle of the snapshot of replication {}, which the spool in {} "
                    + "does not hold whole (it was still arriving, or this is not the machine that received it): starting "
                    + "over with a full sync; keys already written meet [advanced] rdb_restore_command_behavior",
                    split.splitId(), from.replid(), spool.dir());
            connect(PsyncRequest.fullSync(), 0, null);
        } else if (from != null) {
            ackedOffset = from.offset();
            connect(new PsyncRequest(from.replid(), from.offset()), from.db(), null);
        } else {
            connect(PsyncRequest.fullSync(), 0, null);
        }
    }

    /**
     * @param inSnapshot where to continue a snapshot that is whole in the spool, when the job was restored in the
     *                   middle of it; null otherwise (a reconnect in a snapshot starts over with a full sync)
     */
    private void connect(PsyncRequest request, int db, @Nullable SyncPosition.SnapshotProgress inSnapshot)
            throws IOException {
        server = ctx.servers().choose(split.locator(), request);
        session = ReplicaSession.open(server, request, spool, ReplicaOptions.defaults(), () -> ackedOffset);
        PsyncReply reply = session.reply();
        if (reply instanceof PsyncReply.LegacySync) {
            throw new ReplicationRefusedException("source " + server.configSection() + " at " + server.address()
                    + " only offers the old SYNC, without replication offsets, which Ferry's live migration cannot "
                    + "checkpoint or resume; use a source that supports PSYNC (Redis 2.8+) with PSYNC not renamed, or "
                    + "migrate with [scan_reader]");
        }
        replid = session.replid();
        if (reply instanceof PsyncReply.FullResync f) {
            ctx.metrics().fullSyncs.inc();
            snapshotOffset = f.offset();
            snapshotStart = session.spoolStart();
            snapshotIn = spool.reader(snapshotStart);
            snapshotKeys = 0;
            snapshotLength = -1;
            streamDb = 0;
            noteWhenWhole = true;
            LOG.info("replica split {}: full sync of replication {} at offset {} from {}; parsing the snapshot from {}",
                    split.splitId(), replid, snapshotOffset, server.address(), spool.dir());
        } else if (inSnapshot != null) {
            ctx.metrics().partialSyncs.inc();
            LOG.info("replica split {}: continuing replication {} after offset {} from {} (+CONTINUE, no full sync); the "
                    + "snapshot goes on from the spool", split.splitId(), replid, request.offset(), server.address());
            snapshotOffset = request.offset();
            snapshotStart = inSnapshot.spoolStart();
            snapshotIn = spool.reader(inSnapshot.spoolPosition());
            parser = RdbParser.resume(snapshotIn, inSnapshot.next(), true);
            snapshotKeys = 0;
        } else {
            ctx.metrics().partialSyncs.inc();
            LOG.info("replica split {}: continuing replication {} after offset {} from {} (+CONTINUE, no full sync)",
                    split.splitId(), replid, request.offset(), server.address());
            startStream(request.offset(), db);
        }
    }

    /**
     * Adds what is ready, up to one batch; returns at once, or after about {@code wait} when nothing came (or while
     * waiting to reconnect).
     */
    void poll(RecordsBySplits.Builder<SyncRecord> out, Duration wait) throws IOException {
        if (reconnectRequest != null && !reconnect(wait)) {
            report();
            return;
        }
        releaseCheckpointed();
        try {
            if (snapshotIn != null) {
                readSnapshot(out, wait);
            } else {
                readStream(out, wait);
            }
        } catch (IOException | RuntimeException e) {
            if (!session.connectionLost()) {
                throw e;
            }
            lost(e);
        } finally {
            report();
        }
    }

    /** Updates the split's progress (the gauges) and logs its line when {@code log_interval} has passed. */
    private void report() {
        long spoolBytes = spool.bytesOnDisk();
        long now = System.nanoTime();
        arrivals.mark(spool.end(), now);
        if (reconnectRequest != null || session == null) {
            progress.update(SplitProgress.Phase.RECONNECTING, 0, spoolBytes, false);
        } else if (snapshotIn != null) {
            // commands the source sent after the snapshot wait behind it: that is the lag while it is parsed
            StreamAnchor received = session.anchorIfKnown();
            progress.snapshot(parser == null ? 0 : parser.position(),
                    snapshotLength >= 0 ? snapshotLength : session.snapshotLength(),
                    received == null ? 0 : received.offsetAt(spool.end()) - snapshotOffset, spoolBytes);
            ackedPosition = snapshotStart;
        } else if (anchor != null) {
            // until a checkpoint of the stream phase completes, the lag counts from where the stream started
            long acked = Math.max(ackedOffset, streamFrom);
            ackedPosition = anchor.positionAt(acked);
            progress.update(SplitProgress.Phase.STREAMING, anchor.offsetAt(spool.end()) - acked, spoolBytes, caughtUp());
        }
        progress.lagMs(progress.caughtUp() ? 0 : arrivals.ageMillis(ackedPosition, spool.end(), now));
        String line = progress.lineIfDue(System.nanoTime());
        if (line != null) {
            LOG.info(line);
        }
    }

    /**
     * Everything received is parsed, and the newest completed checkpoint (of this replication) holds the last
     * command among it. PINGs and other bytes after that command do not count: they change nothing on the target.
     */
    private boolean caughtUp() {
        if (spool.end() > anchor.positionAt(stream.offset())) {
            return false;
        }
        SyncPosition done = ctx.checkpointed().of(split.splitId());
        return done != null && !done.inSnapshot() && done.replid().equals(replid) && done.offset() >= resumeAt.offset();
    }

    /** The snapshot is done and {@code sync_aof = false}: nothing more comes. */
    boolean finished() {
        return finished;
    }

    private void readSnapshot(RecordsBySplits.Builder<SyncRecord> out, Duration wait) throws IOException {
        noteIfWhole();
        if (!spool.awaitBytesAt(snapshotStart + (parser == null ? 0 : parser.position()), wait)) {
            return;
        }
        if (parser == null) {
            // only now: reading the header would block until the source's BGSAVE produces it
            parser = RdbParser.open(snapshotIn, true);
        }
        SyncPosition at = null;
        for (int n = 0; n < MAX_ITEMS_PER_POLL && spool.end() > snapshotStart + parser.position(); n++) {
            RdbRecord r = parser.next();
            if (r == null) {
                endSnapshot(out);
                return;
            }
            if (r instanceof RdbRecord.Aux aux && aux.name().equals(REPL_STREAM_DB)) {
                streamDb = replStreamDb(aux.value());
            }
            RedisEvent event = ctx.snapshotEvents().of(r, parser, split.splitId(), "snapshot of " + split.splitId());
            at = new SyncPosition(replid, snapshotOffset, streamDb,
                    new SyncPosition.SnapshotProgress(snapshotStart, parser.resumePoint()));
            if (event != null && ctx.settings().syncRdb()) {
                out.add(split.splitId(), new SyncRecord(event, at));
                progress.emitted();
                snapshotKeys++;
                at = null;
            }
        }
        if (at != null) {
            out.add(split.splitId(), new SyncRecord(null, at));
        }
    }

    /** Once this session's snapshot has arrived whole, notes so in the spool: a restored job may continue it there. */
    private void noteIfWhole() throws IOException {
        StreamAnchor afterSnapshot = noteWhenWhole ? session.anchorIfKnown() : null;
        if (afterSnapshot != null) {
            new SpooledSnapshot(replid, snapshotOffset, snapshotStart, afterSnapshot.position()).write(spool.dir());
            noteWhenWhole = false;
        }
    }

    private void endSnapshot(RecordsBySplits.Builder<SyncRecord> out) throws IOException {
        LOG.info("replica split {}: snapshot parsed, {} entries {}", split.splitId(), snapshotKeys,
                ctx.settings().syncRdb() ? "emitted" : "skipped ([sync_reader] sync_rdb = false)");
        parser = null;
        snapshotIn.close();
        snapshotIn = null;
        SyncPosition after = SyncPosition.streaming(replid, snapshotOffset, streamDb);
        out.add(split.splitId(), new SyncRecord(null, after));
        if (!ctx.settings().syncAof()) {
            LOG.info("replica split {}: done after the snapshot ([sync_reader] sync_aof = false)", split.splitId());
            finished = true;
            return;
        }
        startStream(snapshotOffset, streamDb);
    }

    private int replStreamDb(byte[] value) throws IOException {
        try {
            return Integer.parseInt(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new IOException("the snapshot of " + split.splitId() + " names the stream's db as '"
                    + Printable.of(value) + "' in its " + REPL_STREAM_DB + " field, not a number");
        }
    }

    private void startStream(long offset, int db) throws IOException {
        anchor = session.anchor();
        stream = session.commands(offset, db);
        streamFrom = offset;
        streamed = SyncPosition.streaming(replid, offset, db);
        resumeAt = streamed;
    }

    private void readStream(RecordsBySplits.Builder<SyncRecord> out, Duration wait) throws IOException {
        if (!spool.awaitBytesAt(anchor.positionAt(stream.offset()), wait)) {
            return;
        }
        for (int n = 0; n < MAX_ITEMS_PER_POLL && spool.end() > anchor.positionAt(stream.offset()); n++) {
            ReplicationItem item = stream.next();
            if (item == null) {
                break; // only keepalives: the position record below moves past them
            }
            streamed = SyncPosition.streaming(replid, item.offset(), stream.db());
            resumeAt = streamed;
            out.add(split.splitId(), new SyncRecord(event(item), streamed));
            progress.emitted();
        }
        if (stream.offset() > streamed.offset()) {
            streamed = SyncPosition.streaming(replid, stream.offset(), stream.db());
            out.add(split.splitId(), new SyncRecord(null, streamed));
        }
    }

    /** The item as an event; null for an empty block (nothing to apply, only the position moves). */
    private RedisEvent event(ReplicationItem item) {
        if (item instanceof ReplicationItem.Command c) {
            return event(c);
        }
        ReplicationItem.Transaction t = (ReplicationItem.Transaction) item;
        return t.commands().isEmpty() ? null
                : new TransactionEvent(t.commands().stream().map(this::event).toList(), split.splitId(), t.offset());
    }

    private CommandEvent event(ReplicationItem.Command c) {
        // one table lookup serves the metric and the keys: this runs for every command replicated
        CommandSpec spec = ctx.commandTable().find(c.argv()).orElse(null);
        ctx.metrics().commandRead(c.argv(), spec != null);
        int[] keys = spec == null ? CommandTable.NO_KEYS : spec.keyIndexes(c.argv());
        return new CommandEvent(c.db(), c.argv(), keys, split.splitId(), c.offset());
    }

    /**
     * The connection is gone. Resuming after the last command emitted, rather than after what was received or after
     * the PINGs and Sentinel hellos that followed it, lets a promoted replica continue even when the old master had
     * sent Ferry a few more bytes than it sent that replica.
     */
    private void lost(Exception e) {
        boolean inSnapshot = snapshotIn != null;
        if (spool.end() > session.spoolStart()) {
            failedAttempts = 0; // the session delivered: this is a new outage, not the last one going on
        }
        PsyncRequest next = inSnapshot ? PsyncRequest.fullSync() : new PsyncRequest(replid, resumeAt.offset());
        int db = inSnapshot ? 0 : resumeAt.db();
        closeSession();
        if (inSnapshot) {
            LOG.warn("replica split {}: {}; the snapshot did not arrive whole, so the reconnect starts over with a full "
                    + "sync; keys already written meet [advanced] rdb_restore_command_behavior", split.splitId(),
                    e.getMessage());
        } else {
            LOG.warn("replica split {}: {}; reconnecting to continue replication {} after offset {}, the last command "
                    + "emitted", split.splitId(), e.getMessage(), replid, next.offset());
        }
        scheduleReconnect(next, db);
    }

    private void scheduleReconnect(PsyncRequest request, int db) {
        reconnectRequest = request;
        reconnectDb = db;
        Duration delay = ctx.backoff().delay(failedAttempts);
        reconnectDue = System.nanoTime() + delay.toNanos();
        LOG.info("replica split {}: reconnect attempt {} of {} in {} ms", split.splitId(), failedAttempts + 1,
                ctx.backoff().attempts(), delay.toMillis());
    }

    /** Waits up to {@code wait} for the next attempt, makes it when due; true once connected again. */
    private boolean reconnect(Duration wait) throws IOException {
        long left = reconnectDue - System.nanoTime();
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, wait.toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (reconnectDue - System.nanoTime() > 0) {
                return false;
            }
        }
        try {
            connect(reconnectRequest, reconnectDb, null);
        } catch (ReplicationRefusedException e) {
            closeSession();
            throw e; // asking again changes nothing
        } catch (RuntimeException e) {
            closeSession();
            failedAttempts++;
            if (failedAttempts >= ctx.backoff().attempts()) {
                throw new IOException("replica split " + split.splitId() + " lost its source (" + split.locator()
                        + ") and could not reconnect in " + failedAttempts + " attempts over "
                        + ctx.backoff().total().toSeconds() + " s; the last attempt: " + e.getMessage(), e);
            }
            LOG.warn("replica split {}: reconnect attempt {} failed: {}", split.splitId(), failedAttempts,
                    e.getMessage());
            scheduleReconnect(reconnectRequest, reconnectDb);
            return false;
        }
        ctx.metrics().reconnects.inc();
        reconnectRequest = null;
        return true;
    }

    /** Acknowledges to the source, and drops from the spool, what the newest completed checkpoint holds. */
    private void releaseCheckpointed() throws IOException {
        SyncPosition done = ctx.checkpointed().of(split.splitId());
        if (done == null || done.equals(released) || !done.replid().equals(replid)) {
            return;
        }
        released = done;
        if (done.inSnapshot()) {
            if (done.snapshot().spoolStart() == snapshotStart) {
                spool.release(done.snapshot().spoolPosition());
            }
        } else if (anchor != null) {
            ackedOffset = done.offset();
            // after a reconnect that resumed before a checkpointed offset, the stream reads those offsets again
            spool.release(Math.min(anchor.positionAt(done.offset()), anchor.positionAt(stream.offset())));
        }
    }

    /** Disconnects and forgets the phase's readers; the spool stays. */
    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
        try {
            if (snapshotIn != null) {
                snapshotIn.close();
            }
            if (stream != null) {
                stream.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the spool readers of {}", split.splitId(), e);
        }
        parser = null;
        snapshotIn = null;
        stream = null;
        anchor = null;
    }

    @Override
    public void close() {
        closeSession();
        try {
            spool.close();
        } catch (IOException e) {
            LOG.debug("closing the spool of {}", split.splitId(), e);
        }
    }
}
