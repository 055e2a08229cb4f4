package dev.ferry.verify.check;

import java.io.IOException;

/** Receives the source's keys as {@code ferry check} reads them. */
@FunctionalInterface
interface KeyListener {
    int UNKNOWN = -1;

    /**
     * @param type         the RDB type, or {@link #UNKNOWN} for a live source
     * @param payloadBytes the DUMP payload's length, or {@link #UNKNOWN} for a live source
     */
    void key(int db, byte[] key, int type, long payloadBytes) throws IOException;

    static KeyListener both(KeyListener a, KeyListener b) {
        return (db, key, type, bytes) -> {
            a.key(db, key, type, bytes);
            b.key(db, key, type, bytes);
        };
    }
}
