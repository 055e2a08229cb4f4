package dev.ferry.verify;

import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RespError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One server over one connection: a standalone source, or one master of a cluster source (whose keys it scanned). */
final class NodeSide implements Side {
    private final RedisConnection connection;
    private final String name;
    private int selected = 0;

    NodeSide(RedisConnection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    RedisConnection connection() {
        return connection;
    }

    void select(int db) throws IOException {
        if (db == selected) {
            return;
        }
        Object reply = connection.call("SELECT", Integer.toString(db));
        if (reply instanceof RespError err) {
            throw new VerifyException(name + " refused SELECT " + db + ": " + err.message());
        }
        selected = db;
    }

    @Override
    public List<Object> pipeline(int db, List<Command> commands) throws IOException {
        select(db);
        for (Command c : commands) {
            connection.writer().command(c.argv());
        }
        connection.writer().flush();
        List<Object> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(connection.reader().read());
        }
        return replies;
    }

    @Override
    public boolean holdsDb(int db) {
        return true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        connection.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
