package dev.ferry.sink;

import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.resp.RespWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** One pipelined connection to one server, following each command's database with SELECT. */
public final class StandaloneChannel<T> implements TargetChannel<T> {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

    private final RedisEndpoint endpoint;
    private final int readTimeoutMs;
    private final ArrayDeque<Sent<T>> inFlight = new ArrayDeque<>();
    private RedisConnection conn;
    private RespWriter out;
    private int db;

    /** A command awaiting its reply; a SELECT the channel sent itself has no tag and is checked here. */
    private record Sent<T>(T tag, int selectedDb) {}

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
        if (db != this.db) {
            out.command(SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII));
            inFlight.add(new Sent<>(null, db));
            this.db = db;
        }
        out.command(argv);
        inFlight.add(new Sent<>(tag, db));
    }

    @Override
    public void drain(int leave, ReplyHandler<T> handler) throws IOException {
        out.flush();
        while (inFlight.size() > leave) {
            Sent<T> s = inFlight.peek();
            Object reply = conn.reader().read();
            inFlight.poll(); // only once answered: unanswered() must still list it if the read fails
            if (s.tag() == null) {
                checkSelect(s.selectedDb(), reply);
            } else {
                handler.reply(s.tag(), reply);
            }
        }
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
            checkSelect(db, conn.call(SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII)));
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
    public boolean holdsDb(int db) {
        return true;
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
