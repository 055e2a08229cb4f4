package dev.ferry.sink;

import dev.ferry.event.CommandEvent;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.resp.RespWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** One pipelined connection to one server, following each command's database with SELECT. */
public final class StandaloneChannel<T> implements TargetChannel<T> {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

    private final RedisEndpoint endpoint;
    private final int readTimeoutMs;
    private final ArrayDeque<Sent<T>> inFlight = new ArrayDeque<>();
    /** Stays zero: a lost connection fails the writer, and Flink's restart reconnects. */
    private final ChannelStats stats = new ChannelStats();
    private RedisConnection conn;
    private RespWriter out;
    private int db;

    /**
     * A command (or a MULTI/EXEC block: {@code replies} > 1) awaiting its reply; a SELECT the channel sent itself
     * has no tag and is checked here.
     *
     * @param ownInBlock positions of a block's replies that answer the channel's own SELECTs inside it
     */
    private record Sent<T>(T tag, int selectedDb, int replies, BitSet ownInBlock) {
        Sent(T tag, int selectedDb) {
            this(tag, selectedDb, 1, null);
        }
    }

    public StandaloneChannel(RedisEndpoint endpoint, int readTimeoutMs) {
        this.endpoint = endpoint;
        this.readTimeoutMs = readTimeoutMs;
    }

    @Override
    public void open() {
        conn = RedisConnection.open(endpoint, readTimeoutMs);
        out = conn.writer();
        db = 0;
    }

    @Override
    public void send(int db, byte[] routingKey, byte[][] argv, T tag) throws IOException {
        select(db);
        out.command(argv);
        inFlight.add(new Sent<>(tag, db));
    }

    /** A SELECT inside the block (its commands' dbs differ) runs at EXEC, in place, like the source's did. */
    @Override
    public void sendTransaction(byte[] routingKey, List<CommandEvent> commands, T tag) throws IOException {
        select(commands.get(0).db());
        out.command(Transactions.MULTI);
        BitSet own = new BitSet();
        int replies = 1;
        for (CommandEvent c : commands) {
            if (c.db() != db) {
                out.command(SELECT, dbArg(c.db()));
                own.set(replies++);
                db = c.db();
            }
            out.command(c.argv());
            replies++;
        }
        out.command(Transactions.EXEC);
        inFlight.add(new Sent<>(tag, db, replies + 1, own));
    }

    private void select(int db) throws IOException {
        if (db != this.db) {
            out.command(SELECT, dbArg(db));
            inFlight.add(new Sent<>(null, db));
            this.db = db;
        }
    }

    private static byte[] dbArg(int db) {
        return Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void drain(int leave, ReplyHandler<T> handler) throws IOException {
        out.flush();
        while (inFlight.size() > leave) {
            Sent<T> s = inFlight.peek();
            Object reply = read(s);
            inFlight.poll(); // only once answered: unanswered() must still list it if the read fails
            if (s.tag() == null) {
                checkSelect(s.selectedDb(), reply);
            } else {
                handler.reply(s.tag(), reply);
            }
        }
    }

    private Object read(Sent<T> s) throws IOException {
        if (s.replies() == 1) {
            return conn.reader().read();
        }
        Object[] replies = new Object[s.replies()];
        for (int i = 0; i < replies.length; i++) {
            replies[i] = conn.reader().read();
        }
        return Transactions.reply(replies, s.ownInBlock());
    }

    /** The tags of the commands sent and not answered, in send order: what to replay elsewhere when this connection is lost. */
    List<T> unanswered() {
        List<T> tags = new ArrayList<>();
        for (Sent<T> s : inFlight) {
            if (s.tag() != null) {
                tags.add(s.tag());
            }
        }
        return tags;
    }

    RedisEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public int inFlight() {
        return inFlight.size();
    }

    @Override
    public Object call(int db, byte[] routingKey, byte[]... argv) throws IOException {
        if (db != this.db) {
            checkSelect(db, conn.call(SELECT, dbArg(db)));
            this.db = db;
        }
        return conn.call(argv);
    }

    private void checkSelect(int db, Object reply) {
        if (reply instanceof RespError err) {
            throw new TargetWriteException("target " + endpoint.address() + " refused SELECT " + db + ": " + err.message()
                    + ". The target has fewer databases than the source: raise its 'databases' setting", null);
        }
    }

    @Override
    public ChannelStats stats() {
        return stats;
    }

    @Override
    public String addressFor(byte[] routingKey) {
        return endpoint.address();
    }

    @Override
    public void close() {
        if (conn != null) {
            conn.close();
            conn = null;
        }
    }
}
