package dev.ferry.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * {@code DIR FERRY_HOME [rounds] [ferry java opts]} of the end-to-end harnesses, with the cached data set: the RDB
 * for Ferry and the same keys as RESTORE commands for {@code redis-cli --pipe}.
 */
record E2eArgs(Path dir, Path ferryHome, int rounds, String javaOpts, Path rdb, Path resp) {

    static E2eArgs parse(String[] args) throws IOException {
        Path dir = Paths.get(args[0]).toAbsolutePath();
        Path rdb = DataSet.ensure(dir).toAbsolutePath();
        return new E2eArgs(dir, Paths.get(args[1]).toAbsolutePath(), args.length > 2 ? Integer.parseInt(args[2]) : 1,
                args.length > 3 ? args[3] : "-Xmx512m", rdb, E2eBench.respFile(rdb, dir.resolve("mixed-1m.resp")));
    }
}
