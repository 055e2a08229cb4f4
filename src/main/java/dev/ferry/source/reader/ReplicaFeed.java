package dev.ferry.source.reader;

import dev.ferry.command.CommandTable;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import dev.ferry.source.split.SyncPosition;
import dev.ferry.source.split.SyncSplit;
import dev.ferry.source.sync.PsyncReply;
import dev.ferry.source.sync.PsyncRequest;
import dev.ferry.source.sync.ReplicaOptions;
import dev.ferry.source.sync.ReplicaSession;
import dev.ferry.source.sync.ReplicationItem;
import dev.ferry.source.sync.ReplicationStream;
import dev.ferry.source.sync.Spool;
import dev.ferry.source.sync.SpoolReader;
import dev.ferry.source.sync.StreamAnchor;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split's replication, driven by the fetcher thread: the replica session, its spool, and the phase (parsing
 * the snapshot from the spool, then the command stream). Each {@link #poll} returns within about
 * {@link #POLL} when the source is quiet, so the fetcher stays responsive to shutdown.
 *
 * <p>A MULTI/EXEC block is emitted as one {@link TransactionEvent} whose position is the offset after its EXEC, so
 * a checkpoint is never taken inside a block.
 */
final class ReplicaFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFeed.class);
    static final Duration POLL = Duration.ofMillis(100);
    private static final long SEGMENT_BYTES = 64L << 20;
    private static final int MAX_ITEMS_PER_POLL = 1024;

    private final SyncSplit split;
    private final ReplicaSettings settings;
    private final SnapshotEvents snapshotEvents;
    private final CommandTable commandTable;
    private final CheckpointedPositions checkpointed;
    private final Spool spool;
    private volatile long ackedOffset;
    private ReplicaSession session;
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

    /** Stream phase. */
    private ReplicationStream stream;
    private StreamAnchor anchor;
    private SyncPosition streamed;

    private SyncPosition released;
    private boolean finished;

    private ReplicaFeed(SyncSplit split, ReplicaSettings settings, SnapshotEvents snapshotEvents,
                        CommandTable commandTable, CheckpointedPositions checkpointed, Spool spool) {
        this.split = split;
        this.settings = settings;
        this.snapshotEvents = snapshotEvents;
        this.commandTable = commandTable;
        this.checkpointed = checkpointed;
        this.spool = spool;
    }

    static ReplicaFeed open(SyncSplit split, ReplicaSettings settings, SnapshotEvents snapshotEvents,
                            CommandTable commandTable, CheckpointedPositions checkpointed) throws IOException {
        Spool spool = Spool.open(settings.spoolDir(split.splitId()), SEGMENT_BYTES);
        // every run asks the source anew (a resumed one from the checkpoint's offset): what an earlier run spooled
        // is never read again
        spool.release(spool.end());
        ReplicaFeed feed = new ReplicaFeed(split, settings, snapshotEvents, commandTable, checkpointed, spool);
        try {
            feed.connect();
            return feed;
        } catch (IOException | RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    private void connect() throws IOException {
        SyncPosition from = split.position();
        PsyncRequest request = PsyncRequest.fullSync();
        if (from != null && from.inSnapshot()) {
            LOG.warn("replica split {} was restored in the middle of the snapshot of replication {}: the spool does "
                    + "not keep a snapshot across runs, so this starts over with a full sync; keys already written meet "
                    + "[advanced] rdb_restore_command_behavior", split.splitId(), from.replid());
        } else if (from != null) {
            request = new PsyncRequest(from.replid(), from.offset());
            ackedOffset = from.offset();
        }
        session = ReplicaSession.open(settings.source(), request, spool, ReplicaOptions.defaults(), () -> ackedOffset);
        PsyncReply reply = session.reply();
        if (reply instanceof PsyncReply.LegacySync) {
            throw new IOException("source " + settings.source().configSection() + " at " + settings.source().address()
                    + " only offers the old SYNC, without replication offsets, which Ferry's live migration cannot "
                    + "checkpoint; use a source that supports PSYNC (Redis 2.8+) with PSYNC not renamed");
        }
        replid = session.replid();
        if (reply instanceof PsyncReply.FullResync f) {
            snapshotOffset = f.offset();
            snapshotStart = session.spoolStart();
            snapshotIn = spool.reader(snapshotStart);
            LOG.info("replica split {}: full sync of replication {} at offset {}; parsing the snapshot from {}",
                    split.splitId(), replid, snapshotOffset, spool.dir());
        } else {
            LOG.info("replica split {}: continuing replication {} after offset {} (+CONTINUE, no full sync)",
                    split.splitId(), replid, from.offset());
            startStream(from.offset(), from.db());
        }
    }

    /** Adds what is ready, up to one batch; returns at once, or after {@link #POLL} when nothing came. */
    void poll(RecordsBySplits.Builder<SyncRecord> out) throws IOException {
        releaseCheckpointed();
        if (snapshotIn != null) {
            readSnapshot(out);
        } else {
            readStream(out);
        }
    }

    /** The snapshot is done and {@code sync_aof = false}: nothing more comes. */
    boolean finished() {
        return finished;
    }

    private void readSnapshot(RecordsBySplits.Builder<SyncRecord> out) throws IOException {
        if (!spool.awaitBytesAt(snapshotStart + (parser == null ? 0 : parser.position()), POLL)) {
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
            RedisEvent event = snapshotEvents.of(r, parser, split.splitId(), "snapshot of " + split.splitId());
            at = new SyncPosition(replid, snapshotOffset, 0,
                    new SyncPosition.SnapshotProgress(snapshotStart, parser.resumePoint()));
            if (event != null && settings.syncRdb()) {
                out.add(split.splitId(), new SyncRecord(event, at));
                snapshotKeys++;
                at = null;
            }
        }
        if (at != null) {
            out.add(split.splitId(), new SyncRecord(null, at));
        }
    }

    private void endSnapshot(RecordsBySplits.Builder<SyncRecord> out) throws IOException {
        LOG.info("replica split {}: snapshot parsed, {} entries {}", split.splitId(), snapshotKeys,
                settings.syncRdb() ? "emitted" : "skipped ([sync_reader] sync_rdb = false)");
        parser = null;
        snapshotIn.close();
        snapshotIn = null;
        SyncPosition after = SyncPosition.streaming(replid, snapshotOffset, 0);
        out.add(split.splitId(), new SyncRecord(null, after));
        if (!settings.syncAof()) {
            LOG.info("replica split {}: done after the snapshot ([sync_reader] sync_aof = false)", split.splitId());
            finished = true;
            return;
        }
        startStream(snapshotOffset, 0);
    }

    private void startStream(long offset, int db) throws IOException {
        anchor = session.anchor();
        stream = session.commands(offset, db);
        streamed = SyncPosition.streaming(replid, offset, db);
    }

    private void readStream(RecordsBySplits.Builder<SyncRecord> out) throws IOException {
        if (!spool.awaitBytesAt(anchor.positionAt(stream.offset()), POLL)) {
            return;
        }
        for (int n = 0; n < MAX_ITEMS_PER_POLL && spool.end() > anchor.positionAt(stream.offset()); n++) {
            ReplicationItem item = stream.next();
            streamed = SyncPosition.streaming(replid, item.offset(), stream.db());
            out.add(split.splitId(), new SyncRecord(event(item), streamed));
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
        return new CommandEvent(c.db(), c.argv(), commandTable.keyIndexes(c.argv()), split.splitId(), c.offset());
    }

    /** Acknowledges to the source, and drops from the spool, what the newest completed checkpoint holds. */
    private void releaseCheckpointed() throws IOException {
        SyncPosition done = checkpointed.of(split.splitId());
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
            spool.release(anchor.positionAt(done.offset()));
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
        try {
            if (snapshotIn != null) {
                snapshotIn.close();
            }
            if (stream != null) {
                stream.close();
            }
            spool.close();
        } catch (IOException e) {
            LOG.debug("closing the spool of {}", split.splitId(), e);
        }
    }
}
