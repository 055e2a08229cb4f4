package dev.ferry.sink.exactlyonce;

import dev.ferry.event.RedisEvent;
import dev.ferry.sink.cluster.KeySlots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an exactly-once writer holds back: the batch of the checkpoint in progress, and the sealed batches whose
 * checkpoint has not been seen to complete. It also knows which (db, slot) groups have anything held, because a
 * snapshot entry of such a group must wait behind it (its order with the group's earlier commands must hold), while
 * one of any other group can be written at once.
 */
final class CommandBuffer {
    private final String runId;
    private final int origin;
    private final List<PendingBatch> pending = new ArrayList<>();
    private final Map<Long, Integer> heldPerGroup = new HashMap<>();
    private List<RedisEvent> current = new ArrayList<>();

    /** @param runId random per writer instance: with the checkpoint id it makes batch ids unique */
    CommandBuffer(String runId, int origin) {
        this.runId = runId;
        this.origin = origin;
    }

    boolean holdsGroupOf(RedisEvent e) {
        return heldPerGroup.containsKey(group(e));
    }

    void add(RedisEvent e) {
        current.add(e);
        heldPerGroup.merge(group(e), 1, Integer::sum);
    }

    /** Closes the current batch as the one checkpoint {@code checkpointId} releases (nothing when it is empty). */
    void seal(long checkpointId) {
        if (!current.isEmpty()) {
            pending.add(new PendingBatch(runId + "-" + checkpointId, checkpointId, origin, current));
            current = new ArrayList<>();
        }
    }

    /** The sealed batches, oldest first: what a checkpoint keeps. */
    List<PendingBatch> pending() {
        return List.copyOf(pending);
    }

    /** The sealed batches that checkpoint {@code checkpointId}'s completion releases, oldest first. */
    List<PendingBatch> releasedBy(long checkpointId) {
        return pending.stream().filter(b -> b.checkpointId() <= checkpointId).toList();
    }

    /** {@code batches} are on the target: they are no longer held. */
    void applied(List<PendingBatch> batches) {
        for (PendingBatch b : batches) {
            pending.removeIf(p -> p.id().equals(b.id()));
            for (RedisEvent e : b.items()) {
                heldPerGroup.computeIfPresent(group(e), (g, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    int heldItems() {
        return heldPerGroup.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static long group(RedisEvent e) {
        return KeySlots.group(e.db(), e.routingKey());
    }
}
