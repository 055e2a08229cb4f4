package dev.ferry.sink.exactlyonce;

import dev.ferry.event.RedisEvent;
import java.nio.charset.StandardCharsets;

/**
 * A marker's value: the first {@code count} items of batch {@code batchId} that fall into the marker's group are on
 * the target. The text form adds where the last of them came from, for people reading it:
 * {@code "<batchId> <count> <split>@<position>"}.
 */
record Marker(String batchId, long count) {

    static byte[] value(PendingBatch batch, long count, RedisEvent last) {
        return (batch.id() + " " + count + " " + last.splitId() + "@" + last.position()).getBytes(StandardCharsets.UTF_8);
    }

    /** The marker a GET returned; null when there is none or it is not one of Ferry's. */
    static Marker parse(Object reply) {
        if (!(reply instanceof byte[] b)) {
            return null;
        }
        String[] parts = new String(b, StandardCharsets.UTF_8).split(" ", 3);
        if (parts.length < 2) {
            return null;
        }
        try {
            return new Marker(parts[0], Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
