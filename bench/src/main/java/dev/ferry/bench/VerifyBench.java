package dev.ferry.bench;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ferry verify} in full mode on the 1M-key data set, against the migration of the same keys: two Redis 7.0.15
 * servers load the cached RDB (so source and target are equal), and {@code bin/ferry verify} compares them with a live
 * {@code [sync_reader]} source in process, as a Flink job ({@code --flink}) at each parallelism, and with the RDB file
 * as the source; then {@code bin/ferry run} migrates the file into an empty Redis for the migration's keys/s.
 *
 * <pre>VerifyBench DIR FERRY_HOME [rounds] [ferry java opts] [parallelisms, e.g. 1,2]</pre>
 */
public final class VerifyBench {

    public static void main(String[] args) throws Exception {
        E2eArgs a = E2eArgs.parse(args);
        List<Integer> parallelisms = new ArrayList<>();
        for (String p : (args.length > 4 ? args[4] : "1,2").split(",")) {
            parallelisms.add(Integer.parseInt(p.strip()));
        }
        List<String> rows = new ArrayList<>();
        try (LocalRedisServer source = loaded(a, "verify-source"); LocalRedisServer target = loaded(a, "verify-target")) {
            System.out.printf("source %s and target %s loaded %,d keys each%n", source.address(), target.address(),
                    E2eBench.dbSize(source));
            String live = "[sync_reader]\naddress = \"" + source.address() + "\"\n";
            String file = "[rdb_reader]\nfilepath = \"" + a.rdb() + "\"\n";
            for (int round = 1; round <= a.rounds(); round++) {
                rows.add(verify(a, round, "live source, in process", live, target, 1));
                for (int p : parallelisms) {
                    rows.add(verify(a, round, "live source, --flink parallelism " + p, live, target, p, "--flink"));
                }
                rows.add(verify(a, round, "RDB file source, in process", file, target, 1));
                rows.add(migrate(a, round));
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    private static LocalRedisServer loaded(E2eArgs a, String name) throws IOException {
        Path dir = a.dir().resolve(name);
        E2eBench.deleteRecursively(dir);
        Files.createDirectories(dir);
        Files.copy(a.rdb(), dir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
        return LocalRedisServer.start(RedisBinary.redis70(), dir, E2eBench.TARGET_ARGS);
    }

    private static String verify(E2eArgs a, int round, String what, String reader, LocalRedisServer target, int parallelism,
            String... more) throws Exception {
        Path work = a.dir().resolve("verify-bench");
        E2eBench.deleteRecursively(work);
        FerryRun.Output o = FerryRun.command(a.ferryHome(), work, reader + """
                [redis_writer]
                address = "%s"
                [advanced]
                dir = "%s"
                [flink]
                parallelism = %d
                """.formatted(target.address(), work.resolve("ferry-data"), parallelism), a.javaOpts(), "verify", more);
        double keys = FerryRun.find(o.text(), "keys compared\\s+([0-9,]+)");
        double secs = FerryRun.find(o.text(), "time\\s+([0-9,.]+) s");
        System.out.printf("round %d %s: %,.0f keys in %.1f s, %,.0f keys/s; wall %.1f s%n", round, what, keys, secs,
                keys / secs, o.wallSecs());
        return String.format("RESULT | verify, %s | round %d | %,.0f keys | %.1f s | %,.0f keys/s | wall %.1f s |", what,
                round, keys, secs, keys / secs, o.wallSecs());
    }

    private static String migrate(E2eArgs a, int round) throws Exception {
        Path work = a.dir().resolve("verify-bench-run");
        E2eBench.deleteRecursively(work);
        try (LocalRedisServer empty = LocalRedisServer.start(RedisBinary.redis70(), work.resolve("target"), E2eBench.TARGET_ARGS)) {
            FerryRun run = FerryRun.of(a.ferryHome(), work, FerryRun.toml("[rdb_reader]\nfilepath = \"" + a.rdb() + "\"\n",
                    empty.address(), work.resolve("ferry-data")), a.javaOpts());
            System.out.printf("round %d migration of the file: job %.1f s, %,.0f keys/s, steady state %,.0f keys/s%n", round,
                    run.jobSecs(), run.keysPerSec(), run.steadyKeysPerSec());
            return String.format("RESULT | ferry run, RDB file into an empty Redis | round %d | job %.1f s | %,.0f keys/s | "
                    + "steady %,.0f keys/s | wall %.1f s |", round, run.jobSecs(), run.keysPerSec(), run.steadyKeysPerSec(),
                    run.wallSecs());
        }
    }
}
