package dev.ferry.sink;

import dev.ferry.event.KeyEvent;
import dev.ferry.resp.RespError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Whether a key the target holds expires when the source's entry says it does. A key with the source's value but
 * another expiry (none where the source has one, or the reverse) is not identical: a full sync started over after
 * the source ran {@code EXPIRE} on an unchanged value must still bring the TTL.
 *
 * <p>{@code PEXPIRETIME} (Redis 7.0+) gives the target's absolute expiry, which is what {@code RESTORE ... ABSTTL}
 * stored; older targets answer {@code PTTL}, read against this machine's clock. Expiries within {@link #TOLERANCE_MS}
 * count as the same: a {@code [scan_reader]} entry's expiry is the reader's clock plus PTTL, which moves by a few
 * milliseconds between two runs.
 */
final class TargetExpiry {
    static final long TOLERANCE_MS = 1000;
    private static final byte[] PEXPIRETIME = "PEXPIRETIME".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PTTL = "PTTL".getBytes(StandardCharsets.US_ASCII);

    private final TargetChannel<?> channel;
    private final LongSupplier clock;
    private boolean absoluteKnown = true;

    TargetExpiry(TargetChannel<?> channel, LongSupplier clock) {
        this.channel = channel;
        this.clock = clock;
    }

    /** False also when the key is gone: there is then nothing identical to keep. Call it only when the channel is drained. */
    boolean matches(KeyEvent e) throws IOException {
        byte[][] query = query(e);
        Object reply = channel.call(e.db(), e.key(), query);
        if (refusesAbsolute(query, reply)) {
            query = query(e);
            reply = channel.call(e.db(), e.key(), query);
        }
        return matches(e, query, reply, clock.getAsLong());
    }

    /** The command that asks the target for {@code e}'s expiry: PEXPIRETIME, or PTTL before Redis 7.0. */
    byte[][] query(KeyEvent e) {
        return new byte[][] {absoluteKnown ? PEXPIRETIME : PTTL, e.key()};
    }

    /** Whether {@code reply} to {@code sent} says the target has no PEXPIRETIME (before Redis 7.0): {@link #query} asks PTTL from now on. */
    boolean refusesAbsolute(byte[][] sent, Object reply) {
        if (sent[0] == PEXPIRETIME && reply instanceof RespError err && err.message().contains("unknown command")) {
            absoluteKnown = false;
            return true;
        }
        return false;
    }

    /**
     * Like {@link #matches(KeyEvent)}, with the target's {@code reply} to the {@link #query} {@code sent} earlier.
     *
     * @param repliedAtMs this machine's clock when the reply came: a PTTL counts from then
     */
    boolean matches(KeyEvent e, byte[][] sent, Object reply, long repliedAtMs) {
        long expireAt;
        if (sent[0] == PTTL) {
            long ttl = number(reply, "PTTL", e);
            expireAt = ttl < 0 ? ttl : repliedAtMs + ttl;
        } else {
            expireAt = number(reply, "PEXPIRETIME", e);
        }
        if (expireAt == -2) {
            return false;
        }
        if (!e.hasExpire() || expireAt == -1) {
            return e.hasExpire() == (expireAt != -1);
        }
        return Math.abs(expireAt - e.expireAtMs()) <= TOLERANCE_MS;
    }

    private long number(Object reply, String command, KeyEvent e) {
        if (reply instanceof Long n) {
            return n;
        }
        String target = channel.addressFor(e.key());
        if (reply instanceof RespError err) {
            throw TargetErrors.refused(target, command + " of key", e, err);
        }
        throw new TargetWriteException("target " + target + " answered " + command + " of key '" + e.printableKey()
                + "' with " + reply, null);
    }
}
