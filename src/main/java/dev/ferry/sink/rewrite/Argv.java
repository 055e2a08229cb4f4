package dev.ferry.sink.rewrite;

import dev.ferry.rdb.value.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One command being built: its arguments and their total size. An argument longer than the target's
 * proto-max-bulk-len could never be sent, so it is refused here with the reason.
 */
final class Argv {
    private final List<byte[]> args = new ArrayList<>();
    private final long maxArgBytes;
    private long bytes;

    Argv(long maxArgBytes, String command) {
        this.maxArgBytes = maxArgBytes;
        add(command);
    }

    Argv add(byte[] arg) {
        if (arg.length > maxArgBytes) {
            throw new UnsupportedOnTargetException("an element of " + arg.length + " bytes is longer than the target's "
                    + "proto-max-bulk-len of " + maxArgBytes + " bytes");
        }
        args.add(arg);
        bytes += arg.length;
        return this;
    }

    Argv add(String ascii) {
        return add(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    Argv add(long number) {
        return add(Long.toString(number));
    }

    Argv add(StreamId id) {
        return add(id.toString());
    }

    /** Total length of the arguments so far. */
    long bytes() {
        return bytes;
    }

    byte[][] toArray() {
        return args.toArray(new byte[0][]);
    }
}
