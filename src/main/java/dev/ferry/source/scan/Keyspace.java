package dev.ferry.source.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** The dbs a shard holds keys in, as INFO keyspace lists them ({@code db3:keys=10,expires=0,avg_ttl=0}), ascending. */
@Internal
public final class Keyspace {
    private static final byte[] INFO = ShardConnection.ascii("INFO");
    private static final byte[] KEYSPACE = ShardConnection.ascii("keyspace");

    private Keyspace() {}

    /** {@code configured} when it names dbs, else what the shard lists now. */
    public static List<Integer> dbs(ShardConnection c, List<Integer> configured) throws IOException {
        if (!configured.isEmpty()) {
            return configured;
        }
        String info = SourceReplies.text(SourceReplies.check(c.call(0, INFO, KEYSPACE), "INFO keyspace", c.endpoint()));
        return parse(info);
    }

    static List<Integer> parse(String info) {
        List<Integer> dbs = new ArrayList<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("db") && colon > 2) {
                dbs.add(Integer.parseInt(line.substring(2, colon)));
            }
        }
        dbs.sort(Integer::compare);
        return dbs;
    }
}
