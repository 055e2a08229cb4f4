package dev.ferry.source.scan;

import dev.ferry.event.KeyEvent;
import dev.ferry.resp.RespError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/** Reads keys' values for RESTORE: {@code DUMP} + {@code PTTL} for each, all in one pipelined round trip. */
@Internal
public final class KeyReads {
    private static final byte[] DUMP = ShardConnection.ascii("DUMP");
    private static final byte[] PTTL = ShardConnection.ascii("PTTL");
    private static final long GONE = -2;
    private static final long NO_TTL = -1;

    private KeyReads() {}

    /**
     * A key as read: its DUMP payload, or null when it was gone by the time DUMP ran (deleted, expired, evicted).
     *
     * @param expireAtMs absolute expiry (the reader's clock + PTTL), or {@link KeyEvent#NO_EXPIRE}
     */
    public record KeyState(byte[] key, @Nullable byte[] payload, long expireAtMs) {
        public boolean gone() {
            return payload == null;
        }

        /** The RDB value type, the payload's first byte. */
        public int rdbType() {
            return payload[0] & 0xff;
        }
    }

    public static List<KeyState> read(ShardConnection c, int db, List<byte[]> keys, LongSupplier clock) throws IOException {
        List<byte[][]> commands = new ArrayList<>(keys.size() * 2);
        for (byte[] key : keys) {
            commands.add(new byte[][] {DUMP, key});
            commands.add(new byte[][] {PTTL, key});
        }
        List<Object> replies = c.pipeline(db, commands);
        long now = clock.getAsLong();
        List<KeyState> states = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            byte[] payload = (byte[]) SourceReplies.check(replies.get(2 * i), "DUMP", c.endpoint());
            Object ttl = replies.get(2 * i + 1);
            if (ttl instanceof RespError err) {
                throw SourceReplies.refused("PTTL", c.endpoint(), err);
            }
            long pttl = (Long) ttl;
            // PTTL after DUMP: a key gone in between is gone; one whose TTL changed in between is notified again (ksn)
            boolean gone = payload == null || pttl == GONE;
            states.add(new KeyState(keys.get(i), gone ? null : payload, pttl == NO_TTL || gone ? KeyEvent.NO_EXPIRE : now + pttl));
        }
        return states;
    }
}
