package dev.ferry.job;

import dev.ferry.config.FerryConfig;
import dev.ferry.rdb.RdbDatabases;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.source.LiveSourceServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The databases the source holds keys in, asked before the job starts: the RDB files are read, a live source is asked. */
public final class SourceDbs {
    private static final Logger LOG = LoggerFactory.getLogger(SourceDbs.class);
    private static final Pattern KEYSPACE_LINE = Pattern.compile("(?m)^db(\\d+):keys=(\\d+)");
    private static final int TIMEOUT_MS = 10_000;

    private SourceDbs() {}

    /** The source's dbs with keys; empty when a live source does not tell (INFO refused by its ACL), with a WARN. */
    public static Optional<SortedSet<Integer>> of(FerryConfig cfg) throws IOException {
        if (cfg.rdbReader() == null) {
            Optional<SortedSet<Integer>> dbs = live(LiveSourceServers.of(cfg));
            List<Integer> only = cfg.scanReader() == null ? List.of() : cfg.scanReader().dbs();
            dbs.ifPresent(found -> found.removeIf(db -> !only.isEmpty() && !only.contains(db)));
            return dbs;
        }
        long start = System.nanoTime();
        SortedSet<Integer> dbs = new TreeSet<>();
        for (Path file : cfg.rdbReader().filepaths()) {
            dbs.addAll(RdbDatabases.of(file));
        }
        LOG.info("source: keys in dbs {} (read the RDB files in {} ms)", dbs, (System.nanoTime() - start) / 1_000_000);
        return Optional.of(dbs);
    }

    /** The union over the servers; empty as soon as one does not tell. */
    private static Optional<SortedSet<Integer>> live(List<RedisEndpoint> servers) throws IOException {
        SortedSet<Integer> dbs = new TreeSet<>();
        for (RedisEndpoint server : servers) {
            Optional<SortedSet<Integer>> some = live(server);
            if (some.isEmpty()) {
                return some;
            }
            dbs.addAll(some.get());
        }
        return Optional.of(dbs);
    }

    /** {@code INFO keyspace}: a live source may write into other dbs later; the writer catches those. */
    private static Optional<SortedSet<Integer>> live(RedisEndpoint source) throws IOException {
        try (RedisConnection c = RedisConnection.open(source, TIMEOUT_MS)) {
            Object reply = c.call("INFO", "keyspace");
            if (reply instanceof RespError err) {
                LOG.warn("source {} {} refused INFO keyspace ({}): its dbs are not checked before the start; a key in a db the "
                        + "target does not have is recorded as unsupported_on_target when it comes", source.configSection(),
                        source.address(), err.message());
                return Optional.empty();
            }
            return Optional.of(keyspace(new String((byte[]) reply, StandardCharsets.UTF_8)));
        }
    }

    /** The dbs of {@code INFO keyspace} lines such as {@code db1:keys=3,expires=0,avg_ttl=0}. */
    static SortedSet<Integer> keyspace(String info) {
        SortedSet<Integer> dbs = new TreeSet<>();
        Matcher m = KEYSPACE_LINE.matcher(info);
        while (m.find()) {
            if (Long.parseLong(m.group(2)) > 0) {
                dbs.add(Integer.parseInt(m.group(1)));
            }
        }
        return dbs;
    }
}
