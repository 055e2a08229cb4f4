package dev.ferry.source.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

import dev.ferry.command.Ascii;
import dev.ferry.resp.RespReader;

/**
 * Parses a master's command stream into {@link ReplicationItem}s with exact replication offsets. What is there
 * only for the replica's sake is consumed without being returned: SELECT (folded into each command's db),
 * PING, {@code REPLCONF GETACK} (answered through {@code onGetAck}) and Sentinel's hello messages; MULTI/EXEC
 * become a {@link ReplicationItem.Transaction}.
 *
 * <p>{@link #offset()} and {@link #db()} are where to resume after the last item returned; a transaction cut off
 * by a lost connection is not returned, and resuming starts again at its MULTI.
 */
public final class ReplicationStream implements AutoCloseable {
    private static final byte[] SELECT = ascii("select");
    private static final byte[] PING = ascii("ping");
    private static final byte[] REPLCONF = ascii("replconf");
    private static final byte[] GETACK = ascii("getack");
    private static final byte[] MULTI = ascii("multi");
    private static final byte[] EXEC = ascii("exec");
    private static final byte[] PUBLISH = ascii("publish");
    private static final byte[] SENTINEL_HELLO = ascii("__sentinel__:hello");

    private final InputStream in;
    private final RespReader reader;
    private final long startOffset;
    private final Runnable onGetAck;

    private long offset;
    private int db;
    private int streamDb;
    private List<ReplicationItem.Command> transaction;

    /**
     * @param in       the stream, from the first byte after replication offset {@code offset}
     * @param db       the database selected at that point
     * @param onGetAck called when the master asks for an ACK
     */
    public ReplicationStream(InputStream in, long offset, int db, Runnable onGetAck) {
        this.in = in;
        this.reader = new RespReader(in);
        this.startOffset = offset;
        this.offset = offset;
        this.db = db;
        this.streamDb = db;
        this.onGetAck = onGetAck;
    }

    /**
     * The next item; blocks until the master sends something. Null when what it consumed was only for the replica
     * (PING, SELECT, GETACK, a hello) and nothing else has arrived yet: {@link #offset()} moved past it, and the
     * caller gets control back instead of waiting for the next write on the source, which may be long in coming.
     */
    @Nullable
    public ReplicationItem next() throws IOException {
        while (true) {
            byte[][] argv = readCommand();
            long end = startOffset + reader.position();
            if (transaction != null) {
                if (is(argv, EXEC)) {
                    ReplicationItem.Transaction t = new ReplicationItem.Transaction(transaction, end);
                    transaction = null;
                    commit(end);
                    return t;
                }
                if (!select(argv)) {
                    transaction.add(new ReplicationItem.Command(streamDb, argv, end));
                }
                continue;
            }
            if (is(argv, MULTI)) {
                transaction = new ArrayList<>();
                continue;
            }
            if (select(argv) || is(argv, PING) || sentinelHello(argv)) {
                commit(end);
                if (!reader.hasBytesReady()) {
                    return null;
                }
                continue;
            }
            if (is(argv, REPLCONF)) {
                commit(end);
                if (argv.length > 1 && Ascii.equalsIgnoreCase(argv[1], GETACK)) {
                    onGetAck.run();
                }
                if (!reader.hasBytesReady()) {
                    return null;
                }
                continue;
            }
            commit(end);
            return new ReplicationItem.Command(db, argv, end);
        }
    }

    /** Replication offset after the last item returned (and whatever was consumed silently after it). */
    public long offset() {
        return offset;
    }

    /** The database selected at {@link #offset()}. */
    public int db() {
        return db;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void commit(long end) {
        offset = end;
        db = streamDb;
    }

    private boolean select(byte[][] argv) throws IOException {
        if (!is(argv, SELECT)) {
            return false;
        }
        try {
            streamDb = Integer.parseInt(new String(argv[1], StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            throw new IOException("malformed SELECT in the replication stream after offset " + offset);
        }
        return true;
    }

    private static boolean sentinelHello(byte[][] argv) {
        return is(argv, PUBLISH) && argv.length > 1 && Ascii.equalsIgnoreCase(argv[1], SENTINEL_HELLO);
    }

    private static boolean is(byte[][] argv, byte[] name) {
        return Ascii.equalsIgnoreCase(argv[0], name);
    }

    private byte[][] readCommand() throws IOException {
        Object reply = reader.read();
        if (!(reply instanceof List<?> items) || items.isEmpty()) {
            throw new IOException("the replication stream holds " + describe(reply) + " after offset "
                    + (startOffset + reader.position()) + " where a command was expected");
        }
        byte[][] argv = new byte[items.size()][];
        for (int i = 0; i < argv.length; i++) {
            if (!(items.get(i) instanceof byte[] arg)) {
                throw new IOException("a command in the replication stream has a non-string argument near offset "
                        + (startOffset + reader.position()));
            }
            argv[i] = arg;
        }
        return argv;
    }

    private static String describe(Object reply) {
        return reply == null ? "a nil" : reply instanceof List<?> ? "an empty array" : "'" + reply + "'";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
