package dev.ferry.verify;

import java.io.IOException;
import java.util.List;

/** One side of the comparison: commands in a db, each routed by its key, pipelined, replies in command order. */
interface Side extends AutoCloseable {
    /** A command and the key it is routed by. */
    record Command(byte[] key, byte[][] argv) {}

    List<Object> pipeline(int db, List<Command> commands) throws IOException;

    /** Whether it has db {@code db} (a cluster has only db 0). */
    boolean holdsDb(int db);

    /** For messages: {@code source 127.0.0.1:7000}. */
    String name();

    /** One command on the server of {@code key}, for the comparers that work a key at a time. */
    default RedisCall calls(int db, byte[] key) {
        return argv -> {
            try {
                return Replies.checked(pipeline(db, List.of(new Command(key, argv))).get(0), this, key);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    @Override
    void close();
}
