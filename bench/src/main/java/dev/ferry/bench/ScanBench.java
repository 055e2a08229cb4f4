package dev.ferry.bench;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The scan source against the RDB-file source on the same 1M keys: a Redis 7.0.15 source loads the cached RDB, and
 * {@code bin/ferry run} migrates it into a fresh empty Redis 7.0.15 once with {@code [rdb_reader]} (the file) and
 * once per SCAN COUNT with {@code [scan_reader]} (SCAN + DUMP of the loaded source), parallelism 1.
 *
 * <pre>ScanBench DIR FERRY_HOME [rounds] [ferry java opts] [counts, e.g. 1000,100]</pre>
 */
public final class ScanBench {

    public static void main(String[] args) throws Exception {
        E2eArgs a = E2eArgs.parse(args);
        List<Integer> counts = new ArrayList<>();
        for (String c : (args.length > 4 ? args[4] : "1000,100").split(",")) {
            counts.add(Integer.parseInt(c.strip()));
        }
        Path sourceDir = a.dir().resolve("scan-source");
        E2eBench.deleteRecursively(sourceDir);
        Files.createDirectories(sourceDir);
        Files.copy(a.rdb(), sourceDir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
        List<String> rows = new ArrayList<>();
        try (LocalRedisServer source = LocalRedisServer.start(RedisBinary.redis70(), sourceDir, E2eBench.TARGET_ARGS)) {
            System.out.printf("source %s loaded %,d keys%n", source.address(), E2eBench.dbSize(source));
            for (int round = 1; round <= a.rounds(); round++) {
                rows.add(run(a, round, "[rdb_reader]", "[rdb_reader]\nfilepath = \"" + a.rdb() + "\""));
                for (int count : counts) {
                    rows.add(run(a, round, "[scan_reader] count = " + count, "[scan_reader]\naddress = \""
                            + source.address() + "\"\ncount = " + count));
                }
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    private static String run(E2eArgs a, int round, String what, String reader) throws Exception {
        Path work = a.dir().resolve("scan-bench");
        E2eBench.deleteRecursively(work);
        try (LocalRedisServer target = LocalRedisServer.start(RedisBinary.redis70(), work.resolve("target"),
                E2eBench.TARGET_ARGS)) {
            FerryRun run = FerryRun.of(a.ferryHome(), work, FerryRun.toml(reader, target.address(),
                    work.resolve("ferry-data")), a.javaOpts());
            long n = E2eBench.dbSize(target);
            System.out.printf("round %d %s: job ran %.1f s, %,.0f keys/s, steady state %,.0f keys/s; wall %.1f s; "
                    + "target has %,d keys%n", round, what, run.jobSecs(), run.keysPerSec(), run.steadyKeysPerSec(),
                    run.wallSecs(), n);
            return String.format("RESULT | %s | round %d | job %.1f s | %,.0f keys/s | steady %,.0f keys/s | wall %.1f s | %,d keys |",
                    what, round, run.jobSecs(), run.keysPerSec(), run.steadyKeysPerSec(), run.wallSecs(), n);
        }
    }
}
