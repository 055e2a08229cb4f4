package dev.ferry.verify.check;

import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a live source: each node's facts (INFO, CONFIG GET), its ACL for the commands Ferry sends there (replication or
 * scan, see {@link LiveSourceReads}), and its keys in the dbs Ferry reads by SCAN, at most {@link #KEYS_PER_SECOND} keys
 * a second, or only {@code sample} keys spread over the dbs by their DBSIZE. Nodes are a standalone source's one server,
 * or the masters of a cluster source (each with db 0 only).
 */
final class LiveSourceSurvey implements SourceSurvey {
    static final long KEYS_PER_SECOND = 10_000;
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final String SCAN_COUNT = "1000";
    private static final byte[] ANY_KEY = "key".getBytes(StandardCharsets.US_ASCII);

    private final List<RedisEndpoint> nodes;
    private final String username;
    private final long sample;
    private final LiveSourceReads reads;
    private final Map<Integer, Long> sampledFrom = new TreeMap<>();

    /** @param sample keys to look at in all, or 0 for every key */
    LiveSourceSurvey(List<RedisEndpoint> nodes, String username, long sample, LiveSourceReads reads) {
        this.nodes = List.copyOf(nodes);
        this.username = username;
        this.sample = sample;
        this.reads = reads;
    }

    @Override
    public byte[] sampleKey() {
        try {
            return firstRandomKey();
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private byte[] firstRandomKey() throws IOException {
        for (RedisEndpoint node : nodes) {
            try (RedisConnection c = RedisConnection.open(node, READ_TIMEOUT_MS)) {
                Object key = c.call("RANDOMKEY");
                if (key instanceof byte[] b) {
                    return b;
                }
            }
        }
        return null;
    }

    /** A failure to talk to the source is a {@link RedisConnectException}: a blocker, not bad input. */
    @Override
    public SourceReport read(KeyListener listener) throws IOException {
        try {
            return survey(listener);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private RedisConnectException unavailable(IOException e) {
        return new RedisConnectException("source " + nodes.stream().map(RedisEndpoint::address).toList() + ": "
                + e.getMessage(), e);
    }

    private SourceReport survey(KeyListener listener) throws IOException {
        List<SourceReport.SourceNode> reports = new ArrayList<>();
        List<ServerFacts> facts = new ArrayList<>();
        List<Map<Integer, Long>> readPerNode = new ArrayList<>();
        for (RedisEndpoint node : nodes) {
            try (RedisConnection c = RedisConnection.open(node, READ_TIMEOUT_MS)) {
                ServerFacts f = ServerFacts.read(c);
                facts.add(f);
                Map<Integer, Long> read = new TreeMap<>(f.keysPerDb());
                read.keySet().removeIf(db -> !reads.reads(db));
                readPerNode.add(read);
                // replication commands name no key: a sample key is looked for only for a scanned source's
                boolean anyKey = username == null || username.isEmpty() || reads.scan() == null;
                byte[] key = anyKey ? ANY_KEY : aclKey(c, read.keySet());
                reports.add(new SourceReport.SourceNode(f, AclCheck.check(c, username, f.versionNumber(),
                        reads.commands(f.versionNumber(), key))));
            }
        }
        Map<Integer, Long> keysPerDb = new TreeMap<>();
        readPerNode.forEach(read -> read.forEach((db, n) -> keysPerDb.merge(db, n, Long::sum)));
        long total = keysPerDb.values().stream().mapToLong(Long::longValue).sum();
        KeyRate rate = new KeyRate(KEYS_PER_SECOND);
        for (int i = 0; i < nodes.size(); i++) {
            try (RedisConnection c = RedisConnection.open(nodes.get(i), READ_TIMEOUT_MS)) {
                for (Map.Entry<Integer, Long> db : readPerNode.get(i).entrySet()) {
                    long budget = sample > 0 && sample < total ? Math.max(1, Math.round((double) sample * db.getValue() / total)) : Long.MAX_VALUE;
                    scan(c, db.getKey(), budget, rate, listener);
                }
            }
        }
        if (sample > 0 && sample < total) {
            sampledFrom.putAll(keysPerDb);
        }
        ServerFacts first = facts.get(0);
        return new SourceReport(reads.kind(), nodes.stream().map(RedisEndpoint::address).toList(),
                RdbVersions.writtenBy(first.versionNumber()), first.version(), keysPerDb, 0, 0,
                facts.stream().mapToLong(ServerFacts::usedMemoryDataset).sum(),
                "used_memory_dataset of the source (INFO memory)", -1, null, reports);
    }

    /**
     * A key of the node for ACL DRYRUN, so that a user's key patterns count: the first that a SCAN of the first db Ferry
     * reads returns; {@code "key"} when there is none or the user may not SCAN (DRYRUN then says so).
     */
    private static byte[] aclKey(RedisConnection c, Set<Integer> dbs) throws IOException {
        if (!dbs.isEmpty() && !(c.call("SELECT", Integer.toString(dbs.iterator().next())) instanceof RespError)
                && c.call("SCAN", "0", "COUNT", SCAN_COUNT) instanceof List<?> page && !((List<?>) page.get(1)).isEmpty()) {
            return (byte[]) ((List<?>) page.get(1)).get(0);
        }
        return ANY_KEY;
    }

    @Override
    public Map<Integer, Long> sampledFrom() {
        return sampledFrom.isEmpty() ? null : sampledFrom;
    }

    private static void scan(RedisConnection c, int db, long budget, KeyRate rate, KeyListener listener) throws IOException {
        expectOk(c.call("SELECT", Integer.toString(db)), "SELECT " + db);
        String cursor = "0";
        long seen = 0;
        do {
            Object reply = c.call("SCAN", cursor, "COUNT", SCAN_COUNT);
            if (reply instanceof RespError err) {
                throw new IOException("source " + c.endpoint().address() + " refused SCAN: " + err.message());
            }
            List<?> page = (List<?>) reply;
            cursor = new String((byte[]) page.get(0), StandardCharsets.US_ASCII);
            List<?> keys = (List<?>) page.get(1);
            for (Object key : keys) {
                if (seen++ >= budget) {
                    return;
                }
                listener.key(db, (byte[]) key, KeyListener.UNKNOWN, KeyListener.UNKNOWN);
            }
            rate.acquire(keys.size());
        } while (!"0".equals(cursor));
    }

    private static void expectOk(Object reply, String what) throws IOException {
        if (reply instanceof RespError err) {
            throw new IOException(what + " refused: " + err.message());
        }
    }
}
