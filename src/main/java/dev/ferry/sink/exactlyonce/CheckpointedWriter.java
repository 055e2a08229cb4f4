package dev.ferry.sink.exactlyonce;

import dev.ferry.config.Delivery;
import dev.ferry.event.RedisEvent;
import dev.ferry.sink.RedisWriter;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A {@link RedisWriter} tied to Flink's checkpoints by {@code [flink] delivery}.
 *
 * <ul>
 *   <li>At least once: events are written as they come; the flush before each checkpoint barrier makes a completed
 *       checkpoint mean "acknowledged". A restart writes again what came after the checkpoint.
 *   <li>Exactly once: replicated commands are held in the batch of the checkpoint in progress, kept in the
 *       checkpoint, and applied by the {@link Committer} once that checkpoint completes. A restart restores the
 *       batches the checkpoint held and applies them again, skipping what their markers count as applied; the
 *       source replays only what came after the checkpoint, which no commit has applied. Snapshot entries and
 *       function libraries (idempotent: an identical key or library is recognised) are written at once, like at
 *       least once, unless a held command of their (db, slot) is ahead of them.
 * </ul>
 *
 * <p>In both modes a {@link TargetWatch} notices a target that restarted and lost what it had acknowledged.
 */
public final class CheckpointedWriter {
    private final RedisWriter writer;
    private final boolean exactlyOnce;
    private final int subtask;
    private final CommandBuffer buffer;
    private final Committer committer;
    private final TargetWatch watch;
    private boolean ended;
    /** The first checkpoint taken after the input ended: once it completes, nothing restores from before it. */
    private long finalCheckpoint = -1;
    private boolean stampRemoved;

    public CheckpointedWriter(RedisWriter writer, Delivery delivery, MarkerKeys keys, int subtask) {
        this.writer = writer;
        this.exactlyOnce = delivery == Delivery.EXACTLY_ONCE;
        this.subtask = subtask;
        this.buffer = new CommandBuffer(UUID.randomUUID().toString(), subtask);
        this.committer = new Committer(writer, keys);
        this.watch = new TargetWatch(writer, keys, subtask);
    }

    /**
     * Once the writer is open: checks that the target kept what the restored checkpoints count as written, and applies
     * the batches they held (in either mode: a run may resume with the other one).
     *
     * @throws TargetDataLostException when it did not
     */
    public void open(List<WriterState> restored) {
        watch.open(restored);
        List<PendingBatch> held = restored.stream().flatMap(s -> s.pending().stream())
                .sorted(Comparator.comparingLong(PendingBatch::checkpointId)).toList();
        committer.commit(held, true);
    }

    public void write(RedisEvent e) {
        if (!exactlyOnce || RedisWriter.isSnapshotLike(e) && !buffer.holdsGroupOf(e)) {
            writer.write(e);
        } else {
            buffer.add(e);
        }
    }

    /**
     * Before a checkpoint barrier: what was written is acknowledged, stamped (until the input ended), and on a replica
     * where the target has one that a failover would promote.
     */
    public void beforeBarrier(long checkpointId) {
        writer.flush();
        if (!ended) {
            watch.stamp(checkpointId);
        }
        writer.awaitReplicated();
    }

    /** What checkpoint {@code checkpointId} keeps: the batch received since the last one joins the held ones. */
    public WriterState snapshot(long checkpointId) {
        if (ended && finalCheckpoint < 0) {
            finalCheckpoint = checkpointId;
        }
        if (exactlyOnce) {
            buffer.seal(checkpointId);
        }
        return new WriterState(subtask, watch.runId(), watch.stamped(), buffer.pending());
    }

    /**
     * Applies the batches that checkpoint {@code checkpointId} releases; the final one also removes the stamp (a
     * finished migration leaves only the source's keys on the target). Not earlier: a restart from the final
     * checkpoint, when the target restarted meanwhile, looks for it.
     */
    public void checkpointComplete(long checkpointId) {
        List<PendingBatch> released = buffer.releasedBy(checkpointId);
        if (!released.isEmpty()) {
            watch.checkUnchanged();
            committer.commit(released, false);
            buffer.applied(released);
        }
        if (finalCheckpoint >= 0 && checkpointId >= finalCheckpoint && !stampRemoved) {
            watch.removeStamp();
            stampRemoved = true;
        }
    }

    /**
     * The input ended (a bounded source, or {@code flink stop --drain}). What is held stays held: Flink takes one more
     * checkpoint after the input ended and calls {@link #checkpointComplete} for it before the task finishes (FLIP-147),
     * and only a batch inside a checkpoint may be applied, since a restart from an earlier one replays its commands.
     * The markers stay on the target for the same reason, until {@code ferry run --cleanup}; a bounded run writes
     * none (it has no replicated commands). Nothing is stamped after the end, and the final checkpoint removes the
     * stamp.
     */
    public void endOfInput() {
        if (ended) {
            return;
        }
        writer.flush();
        ended = true;
    }

    /** Items held until their checkpoint completes (exactly once). */
    public int held() {
        return buffer.heldItems();
    }
}
