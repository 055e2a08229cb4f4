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
        return parse(info(c));
    }

    /** The keys INFO keyspace lists now in {@code dbs}: what a scan of them can expect to meet. */
    public static long keys(ShardConnection c, List<Integer> dbs) throws IOException {
        return keys(info(c), dbs);
    }

    static long keys(String info, List<Integer> dbs) {
        long sum = 0;
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("db") && colon > 2 && dbs.contains(Integer.parseInt(line.substring(2, colon)))) {
                for (String field : line.substring(colon + 1).split(",")) {
                    if (field.startsWith("keys=")) {
                        sum += Long.parseLong(field.substring(5).trim());
                    }
                }
            }
        }
        return sum;
    }

    private static String info(ShardConnection c) throws IOException {
        return SourceReplies.text(SourceReplies.check(c.call(0, INFO, KEYSPACE), "INFO keyspace", c.endpoint()));
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
