package dev.ferry.source.sync;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;

/**
 * One replica connection to a source: the handshake, then a thread that appends everything the master sends
 * to a {@link Spool} as fast as it arrives (the snapshot without its framing, then the command stream), and
 * {@link AckSender} on the write side. Consumers read the spool at their own pace: the snapshot from
 * {@link #spoolStart()} with an RDB parser, the commands through {@link #commands}.
 *
 * <p>The spool belongs to the caller and may outlive the session: a new session that asks to continue at the
 * offset of the spool's end ({@code anchor().offsetAt(spool.end())}) appends the rest of the same stream, and
 * readers simply carry on.
 */
public final class ReplicaSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSession.class);
    private static final int CHUNK = 1 << 16;

    private final RedisConnection connection;
    private final PsyncReply reply;
    private final Spool spool;
    private final long spoolStart;
    private final AckSender acks;
    private final CompletableFuture<StreamAnchor> anchor = new CompletableFuture<>();
    private final Thread receiver;
    private volatile boolean closing;
    private volatile boolean lost;
    /** The snapshot's length in bytes once known (disk-based: from the start of the transfer), else -1. */
    private volatile long snapshotLength = -1;

    private ReplicaSession(RedisConnection connection, PsyncReply reply, Spool spool, AckSender acks) {
        this.connection = connection;
        this.reply = reply;
        this.spool = spool;
        this.spoolStart = spool.end();
        this.acks = acks;
        this.receiver = new Thread(this::receive, "ferry-replica-" + connection.endpoint().address());
        this.receiver.setDaemon(true);
    }

    /**
     * Connects, logs in and becomes a replica of {@code source}, receiving into {@code spool}.
     *
     * @param ackedOffset the replication offset the target has acknowledged, sent to the master in every ACK
     * @throws dev.ferry.resp.RedisConnectException when the source cannot be reached or refuses (the message names
     *                                              the source and the setting to check)
     */
    public static ReplicaSession open(RedisEndpoint source, PsyncRequest request, Spool spool, ReplicaOptions options,
                                      LongSupplier ackedOffset) {
        RedisConnection c = RedisConnection.open(source, Math.toIntExact(options.readTimeout().toMillis()));
        try {
            int port = options.listeningPort() > 0 ? options.listeningPort() : c.localPort();
            PsyncReply reply = ReplicaHandshake.perform(c, port, request);
            if (!request.isFullSync() && reply instanceof PsyncReply.FullResync) {
                LOG.warn("source {} at {} cannot continue replication {} after offset {} (its backlog no longer "
                        + "holds it, or it never had that history): starting over with a full sync; keys already "
                        + "written meet [advanced] rdb_restore_command_behavior", source.configSection(),
                        source.address(), request.replid(), request.offset());
            }
            LOG.info("source {} at {} answered {} with {}", source.configSection(), source.address(),
                    String.join(" ", request.psyncCommand()), reply);
            AckSender acks = new AckSender(c.writer(), ackedOffset, options.ackInterval(),
                    "ferry-replica-ack-" + source.address());
            ReplicaSession session = new ReplicaSession(c, reply, spool, acks);
            if (reply instanceof PsyncReply.Continue) {
                session.anchor.complete(new StreamAnchor(session.spoolStart, request.offset()));
            }
            spool.resumeInput();
            session.receiver.start();
            return session;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public PsyncReply reply() {
        return reply;
    }

    /** The replication id to resume with, or null when the source only speaks SYNC. */
    public String replid() {
        if (reply instanceof PsyncReply.FullResync f) {
            return f.replid();
        }
        return reply instanceof PsyncReply.Continue c ? c.replid() : null;
    }

    /** Spool position of this session's first byte: where the snapshot starts when one follows, else the commands. */
    public long spoolStart() {
        return spoolStart;
    }

    /**
     * Where the command stream starts in the spool and at which offset; waits for the whole snapshot when one
     * comes first. After SYNC (no offsets) the offsets count from 0 at the end of the snapshot.
     */
    public StreamAnchor anchor() throws IOException {
        try {
            return anchor.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the snapshot from " + where());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(cause.getMessage(), cause);
        }
    }

    /** The snapshot's length in bytes: known from the start for a disk-based transfer, at its end when diskless; -1 until then. */
    public long snapshotLength() {
        return snapshotLength;
    }

    /** The anchor once the command stream's place in the spool is known, without waiting; else null. */
    public StreamAnchor anchorIfKnown() {
        return anchor.isDone() && !anchor.isCompletedExceptionally() ? anchor.join() : null;
    }

    /** The commands after replication offset {@code fromOffset}, which must still be in the spool. */
    public ReplicationStream commands(long fromOffset, int db) throws IOException {
        return new ReplicationStream(spool.reader(anchor().positionAt(fromOffset)), fromOffset, db, acks::requestAck);
    }

    /** The offset of the last ACK sent, -1 before the first. */
    public long lastAckSent() {
        return acks.lastSent();
    }

    public boolean isReceiving() {
        return receiver.isAlive();
    }

    /**
     * The connection broke (or the source went silent past the read timeout) while receiving, as opposed to a close
     * or a spool that cannot be written: a reconnect may carry on. Set before the spool's readers learn of it.
     */
    public boolean connectionLost() {
        return lost;
    }

    private void receive() {
        try {
            if (reply.snapshotFollows()) {
                long t0 = System.nanoTime();
                SnapshotTransfer.Result snapshot = SnapshotTransfer.receive(connection.reader(), spool,
                        length -> snapshotLength = length);
                long offset = reply instanceof PsyncReply.FullResync f ? f.offset() : 0;
                anchor.complete(new StreamAnchor(snapshot.end(), offset));
                LOG.info("snapshot of {} bytes ({}) received from {} in {} ms; spool {} holds {} bytes",
                        snapshot.length(), snapshot.diskless() ? "diskless" : "disk-based", where(),
                        (System.nanoTime() - t0) / 1_000_000, spool.dir(), spool.bytesOnDisk());
            }
            // after SYNC too: a diskless master starts the command stream only on the first ACK
            acks.start();
            byte[] buf = new byte[CHUNK];
            while (true) {
                int n = connection.reader().readAvailable(buf, 0, buf.length);
                spool.append(buf, 0, n);
            }
        } catch (SpoolWriteException e) {
            LOG.error("{}", e.getMessage());
            stop(e);
        } catch (IOException e) {
            lost = !closing;
            stop(closing ? new IOException("replication from " + where() + " was stopped", e)
                    : new IOException("connection to " + where() + " lost" + atOffset() + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            stop(new IOException("receiving from " + where() + " failed: " + e, e));
        }
    }

    private void stop(IOException why) {
        anchor.completeExceptionally(why);
        if (!(why instanceof SpoolWriteException)) {
            spool.endInput(why);
        }
        connection.close();
        acks.close();
    }

    private String atOffset() {
        StreamAnchor a = anchor.getNow(null);
        return a == null ? " during the snapshot transfer" : " after offset " + a.offsetAt(spool.end());
    }

    private String where() {
        return "source " + connection.endpoint().configSection() + " at " + connection.endpoint().address();
    }

    /** Disconnects; what was received stays in the spool, whose readers get an error once they have read it. */
    @Override
    public void close() {
        closing = true;
        connection.close();
        acks.close();
        try {
            receiver.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
