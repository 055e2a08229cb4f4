package dev.ferry.verify;

import dev.ferry.event.Printable;
import dev.ferry.resp.RespError;

/** Error replies during a comparison: a key whose type changed under it is re-checked next round, anything else stops. */
final class Replies {
    private Replies() {}

    /** Thrown when a key's type changed while it was compared (WRONGTYPE). */
    static final class KeyChanged extends RuntimeException {
        KeyChanged(String message) {
            super(message, null, false, false);
        }
    }

    /** The reply, unless it is an error. */
    static Object checked(Object reply, Side side, byte[] key) {
        if (reply instanceof RespError err) {
            if (err.is("WRONGTYPE")) {
                throw new KeyChanged("changed while compared (" + side.name() + ": " + err.message() + ")");
            }
            throw new VerifyException(side.name() + " refused a command on key " + Printable.of(key) + ": " + err.message());
        }
        return reply;
    }
}
