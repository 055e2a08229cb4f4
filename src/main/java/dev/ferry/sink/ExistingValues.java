package dev.ferry.sink;

import dev.ferry.event.KeyEvent;
import dev.ferry.rdb.value.ValueDigest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Whether a key the target already holds is the source's: the same value ({@link ValueDigest}, so a value the target
 * re-encoded still counts) and the same expiry ({@link TargetExpiry}). A re-run over a migrated target meets every
 * key, so the writer {@link #fetch fetches} what the target holds for a whole batch of them in one pipelined round
 * trip, rather than two round trips per key.
 */
final class ExistingValues {
    private static final byte[] DUMP = "DUMP".getBytes(StandardCharsets.US_ASCII);

    private final TargetChannel<Object> channel;
    private final TargetExpiry expiry;
    private final LongSupplier clock;
    private final TargetChannel.ReplyHandler<Object> replies;
    private final Map<KeyEvent, Held> fetched = new IdentityHashMap<>();

    /** @param replies the writer's reply handler, which hands {@link RedisWriter.Answered} tags their replies */
    ExistingValues(TargetChannel<Object> channel, TargetExpiry expiry, LongSupplier clock,
            TargetChannel.ReplyHandler<Object> replies) {
        this.channel = channel;
        this.expiry = expiry;
        this.clock = clock;
        this.replies = replies;
    }

    /**
     * Asks, pipelined, for the value and expiry the target holds under each key; call it only when the channel is
     * drained. A key met twice in the batch is fetched once, for its first event: the later one must compare with
     * what resolving the first left there, so it asks when its turn comes. On a target without PEXPIRETIME the
     * batch's expiries are asked again, as PTTL, before it returns: judging them then needs no round trip.
     */
    void fetch(List<KeyEvent> keys) throws IOException {
        fetched.clear();
        Set<DbKey> seen = new HashSet<>();
        for (KeyEvent k : keys) {
            if (!seen.add(new DbKey(k.db(), ByteBuffer.wrap(k.key())))) {
                continue;
            }
            Held held = new Held();
            channel.send(k.db(), k.key(), new byte[][] {DUMP, k.key()}, (RedisWriter.Answered) reply -> held.dump = reply);
            askExpiry(k, held);
            fetched.put(k, held);
        }
        if (fetched.isEmpty()) {
            return;
        }
        channel.drain(0, replies);
        long repliedAt = clock.getAsLong();
        boolean askedAgain = false;
        for (Map.Entry<KeyEvent, Held> f : fetched.entrySet()) {
            f.getValue().repliedAtMs = repliedAt;
            if (expiry.refusesAbsolute(f.getValue().expiryQuery, f.getValue().expiryReply)) {
                askExpiry(f.getKey(), f.getValue());
                askedAgain = true;
            }
        }
        if (askedAgain) {
            channel.drain(0, replies);
            long again = clock.getAsLong();
            fetched.values().forEach(h -> h.repliedAtMs = again);
        }
    }

    private void askExpiry(KeyEvent k, Held held) throws IOException {
        held.expiryQuery = expiry.query(k);
        channel.send(k.db(), k.key(), held.expiryQuery, (RedisWriter.Answered) reply -> held.expiryReply = reply);
    }

    /** Whether {@code e}'s answers came with the last batch. */
    boolean isFetched(KeyEvent e) {
        return fetched.containsKey(e);
    }

    /** Whether the target holds {@code e}'s value with {@code e}'s expiry: as fetched with its batch, else asked now. */
    boolean identical(KeyEvent e) throws IOException {
        Held held = fetched.remove(e);
        Object dump = held != null ? held.dump : channel.call(e.db(), e.key(), DUMP, e.key());
        if (!(dump instanceof byte[] current && sameValue(current, e.payload()))) {
            return false;
        }
        return held != null ? expiry.matches(e, held.expiryQuery, held.expiryReply, held.repliedAtMs) : expiry.matches(e);
    }

    private static boolean sameValue(byte[] dump, byte[] payload) {
        try {
            return ValueDigest.sameValue(dump, payload);
        } catch (RuntimeException unreadable) {
            return false; // not ours to judge: treat as different and let the policy decide
        }
    }

    private record DbKey(int db, ByteBuffer key) {}

    /** The target's replies for one key, filled in as they arrive. */
    private static final class Held {
        byte[][] expiryQuery;
        Object dump;
        Object expiryReply;
        long repliedAtMs;
    }
}
