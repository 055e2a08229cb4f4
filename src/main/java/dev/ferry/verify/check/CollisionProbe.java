package dev.ferry.verify.check;

import dev.ferry.config.FilterConfig;
import dev.ferry.event.Printable;
import dev.ferry.resp.RespError;
import dev.ferry.sink.TargetChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks each source key up on the target with pipelined EXISTS, through the writer's channel (SELECT per db; on a
 * cluster each key goes to the master of its slot), in the db {@code [filter] db_map} sends it to. Keys bound for a db
 * other than 0 are not looked up on a cluster.
 */
final class CollisionProbe implements KeyListener {
    private static final int SAMPLE = 10;
    private static final byte[] EXISTS = "EXISTS".getBytes(StandardCharsets.US_ASCII);

    /** Which key a reply is for. */
    record Tag(int db, byte[] key) {}

    /** The target failed while keys were looked up: a blocker, unlike a failure to read the RDB file. */
    static final class TargetFailure extends RuntimeException {
        TargetFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final TargetChannel<Tag> channel;
    private final FilterConfig filter;
    private final boolean cluster;
    private final int pipeline;
    private final Map<Integer, Long> checked = new HashMap<>();
    private final Map<Integer, Long> existing = new HashMap<>();
    private final Map<Integer, Long> notChecked = new HashMap<>();
    private final List<String> sample = new ArrayList<>();

    CollisionProbe(TargetChannel<Tag> channel, FilterConfig filter, int pipeline) {
        this.channel = channel;
        this.filter = filter;
        this.cluster = channel.isCluster();
        this.pipeline = Math.max(1, pipeline);
    }

    @Override
    public void key(int sourceDb, byte[] key, int type, long payloadBytes) {
        int db = filter.targetDb(sourceDb);
        if (cluster && db != 0) {
            notChecked.merge(db, 1L, Long::sum);
            return;
        }
        try {
            channel.send(db, key, new byte[][] {EXISTS, key}, new Tag(db, key));
            checked.merge(db, 1L, Long::sum);
            if (channel.inFlight() >= pipeline) {
                channel.drain(pipeline / 2, this::reply);
            }
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
    }

    private TargetFailure failed(Exception e) {
        return e instanceof TargetFailure f ? f : new TargetFailure("target " + channel.addressFor(new byte[0])
                + " failed while source keys were looked up: " + e.getMessage(), e);
    }

    private void reply(Tag tag, Object reply) {
        if (reply instanceof RespError err) {
            throw new TargetFailure("target " + channel.addressFor(tag.key()) + " refused EXISTS for db" + tag.db() + " "
                    + Printable.of(tag.key()) + ": " + err.message(), null);
        }
        if (reply instanceof Long n && n > 0) {
            existing.merge(tag.db(), 1L, Long::sum);
            if (sample.size() < SAMPLE) {
                sample.add("db" + tag.db() + " " + Printable.of(tag.key()));
            }
        }
    }

    /**
     * Waits for the outstanding replies and sums up.
     *
     * @param scaleTo keys per db to extrapolate the counts to (a sampled live source), or null when every key was seen
     */
    CollisionPreview finish(Map<Integer, Long> scaleTo) {
        try {
            channel.drain(0, this::reply);
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
        Map<Integer, Long> counted = new HashMap<>(existing);
        if (scaleTo != null) {
            counted.replaceAll((db, n) -> Math.max(n, Math.round((double) n * scaleTo.getOrDefault(db, 0L) / checked.get(db))));
        }
        long total = counted.values().stream().mapToLong(Long::longValue).sum();
        return new CollisionPreview(counted, checked, notChecked, sample, scaleTo != null,
                CollisionPreview.outcomes(total, scaleTo != null));
    }
}
