package dev.ferry.sink.rewrite;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbInput;
import java.nio.charset.StandardCharsets;

/**
 * A string as SET, then APPENDs when it is longer than one chunk. A raw string is read from the payload
 * chunk by chunk; an integer-encoded or LZF-compressed one has to be decoded whole first.
 */
final class StringCommands extends CommandIterator {
    private final byte[] key;
    private final int chunkBytes;
    private final RdbInput body;
    private long remaining;
    private boolean started;

    StringCommands(byte[] payload, byte[] key, long chunkBytes) {
        this.key = key;
        this.chunkBytes = (int) Math.min(chunkBytes, Integer.MAX_VALUE - 16);
        RdbInput in = DumpPayload.valueInput(payload);
        long len = in.readLengthOrEncoding();
        if (in.lastLengthEncoded()) {
            byte[] decoded = DumpPayload.valueInput(payload).readString();
            in = RdbInput.of(decoded);
            len = decoded.length;
        }
        this.body = in;
        this.remaining = len;
    }

    @Override
    protected byte[][] produce() {
        if (started && remaining == 0) {
            return null;
        }
        int n = (int) Math.min(remaining, chunkBytes);
        byte[][] command = {bytes(started ? "APPEND" : "SET"), key, body.readBytes(n)};
        remaining -= n;
        started = true;
        return command;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
