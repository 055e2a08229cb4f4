package dev.ferry.verify.check;

import dev.ferry.sink.TempKeys;
import dev.ferry.sink.exactlyonce.MarkerKeys;
import dev.ferry.source.scan.KeyspaceSubscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands Ferry runs on each side, with arguments of the right shape, for {@code ACL DRYRUN}: a user whose
 * key patterns do not cover a source key, Ferry's temporary keys ({@code ferry:tmp:...}) or its markers and stamps
 * ({@code [advanced] marker_prefix}), is caught too.
 */
final class RequiredCommands {
    private RequiredCommands() {}

    /**
     * What the writer sends to a target: RESTORE and the conflict policy's commands on {@code key}, the element
     * commands on its temporary key, FUNCTION LOAD (7.0+), the transactions of replicated blocks and of exactly-once
     * commits with their marker, the checkpoint stamp and the run_id it is checked against, and the slot map
     * commands of a cluster.
     */
    static List<byte[][]> target(int versionNumber, MarkerKeys markers, boolean sentinel, byte[] key) {
        byte[] tmp = TempKeys.of(key);
        byte[] marker = markers.applied(0, key);
        List<byte[][]> c = new ArrayList<>();
        c.add(argv("PING"));
        c.add(argv("SELECT", "0"));
        c.add(argv("RESTORE", key, "0", "payload", "ABSTTL"));
        c.add(argv("DUMP", key));
        c.add(argv("TYPE", key));
        c.add(argv("DEL", tmp));
        c.add(argv("RENAMENX", tmp, key));
        c.add(argv("RENAME", tmp, key));
        c.add(argv("PEXPIREAT", tmp, "1"));
        c.add(argv("SET", tmp, "v"));
        c.add(argv("APPEND", tmp, "v"));
        c.add(argv("RPUSH", tmp, "v"));
        c.add(argv("SADD", tmp, "v"));
        c.add(argv("ZADD", tmp, "1", "v"));
        c.add(argv("HSET", tmp, "f", "v"));
        c.add(argv("XADD", tmp, "1-1", "f", "v"));
        c.add(argv("XGROUP", "CREATE", tmp, "g", "0"));
        c.add(argv("XCLAIM", tmp, "g", "c", "0", "1-1"));
        if (versionNumber >= 602) {
            c.add(argv("XGROUP", "CREATECONSUMER", tmp, "g", "c"));
        }
        if (versionNumber >= 700) {
            c.add(argv("XSETID", tmp, "1-1"));
            c.add(argv("FUNCTION", "LOAD", "#!lua name=x\nredis.register_function('x', function() return 1 end)"));
        }
        if (versionNumber >= 704) {
            c.add(argv("HPEXPIREAT", tmp, "1", "FIELDS", "1", "f"));
        }
        c.add(argv("MULTI"));
        c.add(argv("EXEC"));
        c.add(argv("GET", marker));
        c.add(argv("SET", marker, "batch 1 split@1"));
        if (!markers.cluster()) {
            c.add(argv("INFO", "server"));
            c.add(argv("GET", markers.stamp(0)));
            c.add(argv("SET", markers.stamp(0), "1"));
        }
        if (sentinel) {
            c.add(argv("WAIT", "1", "5000")); // before each checkpoint completes: on a replica, where a failover keeps it
        }
        if (markers.cluster()) {
            c.add(versionNumber >= 700 ? argv("CLUSTER", "SHARDS") : argv("CLUSTER", "SLOTS"));
        }
        return c;
    }

    /** What Ferry sends to a source it replicates from ({@code [sync_reader]}). */
    static List<byte[][]> replicationSource() {
        List<byte[][]> c = new ArrayList<>(List.of(argv("PING"), argv("INFO")));
        c.addAll(replica());
        return c;
    }

    /** What the replica handshake itself needs: without these there is no replication at all. */
    static List<byte[][]> replica() {
        return List.of(argv("REPLCONF", "listening-port", "0"), argv("PSYNC", "?", "-1"));
    }

    /**
     * What Ferry sends to a source it scans ({@code [scan_reader]}): SCAN, then DUMP and PTTL of each key, SELECT of each db,
     * FUNCTION LIST (7.0+), the slot map of a cluster; with {@code ksn} the keyspace subscription (PSUBSCRIBE of the
     * dbs' channels, PING on it) and the check of {@code notify-keyspace-events} (CONFIG GET, and CONFIG SET when Ferry
     * may turn the notifications on).
     */
    static List<byte[][]> scanSource(int versionNumber, boolean cluster, List<Integer> dbs, boolean ksn, boolean ksnConfigure,
                                     byte[] key) {
        List<byte[][]> c = new ArrayList<>();
        c.add(argv("INFO"));
        (dbs.isEmpty() ? List.of(0) : dbs).forEach(db -> c.add(argv("SELECT", db)));
        c.add(argv("SCAN", "0", "COUNT", "1"));
        c.add(argv("DUMP", key));
        c.add(argv("PTTL", key));
        if (versionNumber >= 700) {
            c.add(argv("FUNCTION", "LIST", "WITHCODE"));
        }
        if (cluster) {
            c.add(versionNumber >= 700 ? argv("CLUSTER", "SHARDS") : argv("CLUSTER", "SLOTS"));
        }
        if (ksn) {
            List<Object> psubscribe = new ArrayList<>(List.of("PSUBSCRIBE"));
            psubscribe.addAll(KeyspaceSubscription.patterns(dbs));
            c.add(argv(psubscribe.toArray()));
            c.add(argv("PING"));
            c.add(argv("CONFIG", "GET", "notify-keyspace-events"));
            if (ksnConfigure) {
                c.add(argv("CONFIG", "SET", "notify-keyspace-events", "KA"));
            }
        }
        return c;
    }

    /** The command's name as a user reads it: {@code XGROUP CREATE}, {@code RESTORE}. */
    static String name(byte[][] argv) {
        String first = new String(argv[0], StandardCharsets.UTF_8);
        boolean container = List.of("XGROUP", "FUNCTION", "CLUSTER", "CONFIG").contains(first);
        return container ? first + " " + new String(argv[1], StandardCharsets.UTF_8) : first;
    }

    private static byte[][] argv(Object... parts) {
        byte[][] a = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            a[i] = parts[i] instanceof byte[] b ? b : parts[i].toString().getBytes(StandardCharsets.UTF_8);
        }
        return a;
    }
}
