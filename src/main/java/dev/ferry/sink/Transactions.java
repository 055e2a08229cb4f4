package dev.ferry.sink;

import dev.ferry.resp.RespError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * MULTI ... EXEC on the wire, as the channels send it: the block goes out as one unit and its replies (MULTI's
 * +OK, a +QUEUED per command, EXEC's) come back as one, so a redirect resends the whole block, never half.
 */
final class Transactions {
    static final byte[] MULTI = "MULTI".getBytes(StandardCharsets.US_ASCII);
    static final byte[] EXEC = "EXEC".getBytes(StandardCharsets.US_ASCII);

    private Transactions() {}

    /**
     * The reply that stands for the block. When EXEC failed (EXECABORT: a command was refused while queued), it is
     * the first refusal, which says why: a {@code MOVED}/{@code ASK}/{@code TRYAGAIN} the channel follows by sending
     * the block again, or an error that fails the job. Otherwise EXEC's array: one reply per command, in order.
     *
     * @param replies  MULTI's reply, one per queued command, EXEC's
     * @param channels positions (in {@code replies}) of commands the channel queued for itself (a SELECT): their
     *                 results are left out of EXEC's array, unless one failed
     */
    static Object reply(Object[] replies, BitSet channels) {
        int exec = replies.length - 1;
        if (replies[exec] instanceof RespError execError) {
            for (int i = 0; i < exec; i++) {
                if (replies[i] instanceof RespError refused) {
                    return refused;
                }
            }
            return execError;
        }
        if (channels.isEmpty() || !(replies[exec] instanceof List<?> results)) {
            return replies[exec];
        }
        List<Object> own = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            if (!channels.get(i + 1)) {
                own.add(results.get(i));
            } else if (results.get(i) instanceof RespError err) {
                return err;
            }
        }
        return own;
    }
}
