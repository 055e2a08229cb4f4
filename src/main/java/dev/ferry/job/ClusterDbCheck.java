package dev.ferry.job;

import dev.ferry.config.ConfigException;
import dev.ferry.config.FerryConfig;
import dev.ferry.source.LiveSourceServers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A cluster has only db 0: a source with keys in another db that {@code [filter] db_map} does not send to 0 is a
 * configuration error, found before the job starts instead of by the first such key.
 */
public final class ClusterDbCheck {
    private ClusterDbCheck() {}

    /** @throws ConfigException naming the dbs and the two ways on */
    public static void check(FerryConfig cfg) throws IOException {
        if (!cfg.redisWriter().cluster()) {
            return;
        }
        Optional<SortedSet<Integer>> found = SourceDbs.of(cfg);
        if (found.isEmpty()) {
            return;
        }
        SortedSet<Integer> outside = new TreeSet<>();
        found.get().stream().filter(db -> cfg.filter().rules().allowsDb(db) && cfg.filter().targetDb(db) != 0).forEach(outside::add);
        if (outside.isEmpty()) {
            return;
        }
        String configFile = cfg.sourceFile() == null ? "the config" : cfg.sourceFile().toString();
        SortedSet<Integer> mapped = new TreeSet<>(cfg.filter().dbMap().keySet());
        mapped.addAll(outside);
        throw new ConfigException("the source (" + source(cfg) + ") has keys in db " + list(found.get()) + ", and target "
                + "[redis_writer] is a cluster (cluster = true), which has only db 0. In " + configFile + ", map db " + list(outside)
                + " to 0 with [filter] db_map = { " + mapped.stream().map(db -> "\"" + db + "\" = 0").collect(Collectors.joining(", "))
                + " } (when their keys do not collide with db 0's), or migrate db " + list(outside) + " to a standalone target",
                configFile, -1);
    }

    private static String source(FerryConfig cfg) {
        if (cfg.rdbReader() != null) {
            return cfg.rdbReader().filepaths().stream().map(Path::toString).collect(Collectors.joining(", "));
        }
        return LiveSourceServers.of(cfg).stream().map(server -> server.configSection() + " " + server.address())
                .collect(Collectors.joining(", "));
    }

    private static String list(SortedSet<Integer> dbs) {
        return dbs.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
