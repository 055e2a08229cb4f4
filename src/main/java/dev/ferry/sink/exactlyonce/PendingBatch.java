package dev.ferry.sink.exactlyonce;

import dev.ferry.event.RedisEvent;
import java.util.List;
import java.util.Objects;

/**
 * The commands one writer subtask received between two checkpoints, held until the later checkpoint completes and
 * then applied. Snapshot entries are in it only when they came after a held command of their slot (their order
 * with it must hold).
 *
 * @param id           unique among every batch any run writes (a random run part and the checkpoint id): the
 *                     markers name the batch they count
 * @param checkpointId the checkpoint whose completion releases the batch
 * @param origin       the writer subtask that received it: on a standalone target its marker key
 * @param items        in arrival order
 */
public record PendingBatch(String id, long checkpointId, int origin, List<RedisEvent> items) {

    public PendingBatch {
        Objects.requireNonNull(id, "id");
        items = List.copyOf(items);
    }
}
