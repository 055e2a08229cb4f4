package dev.ferry.cli.demo;

import dev.ferry.cli.FerryMain;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.verify.KeyComparator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;

/**
 * {@code ferry demo}: a whole migration on a fresh machine with nothing but Java and Maven. Starts a
 * throwaway source and target redis-server, puts a few keys on the target that collide with the source,
 * migrates a SAVEd snapshot with policy {@code rewrite}, and checks the target against the source.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a throwaway source and target redis-server, migrate a mixed data set with Ferry, verify, stop both.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keys", defaultValue = "10000", description = "keys to put in the source (default ${DEFAULT-VALUE})")
    int keys;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("ferry-demo-");
        RedisBinary binary = RedisBinary.preferred();
        out.println("Starting a source and a target redis-server " + binary.version() + " (" + binary.source() + ") ...");
        try (LocalRedisServer source = LocalRedisServer.start(binary, work.resolve("source"), List.of());
             LocalRedisServer target = LocalRedisServer.start(binary, work.resolve("target"), List.of());
             Jedis src = source.jedis();
             Jedis tgt = target.jedis()) {
            DemoData.fill(src, keys);
            src.save();
            // A re-run or an interrupted migration leaves keys on the target: the case BUSYKEY stops RedisShake on.
            tgt.set("user:0:name", "stale value from an earlier run");
            tgt.set("list:1", "a string where the source has a list");
            out.printf("Source %s: %,d keys in db 0, %,d in db 1, snapshot %s%n", source.address(), dbsize(src, 0), dbsize(src, 1), source.rdbFile());
            out.printf("Target %s: 2 keys that collide with the source%n%n", target.address());

            Path config = work.resolve("demo.toml");
            Files.writeString(config, String.join("\n",
                    "[rdb_reader]",
                    "filepath = \"" + source.rdbFile() + "\"",
                    "[redis_writer]",
                    "address = \"" + target.address() + "\"",
                    "[advanced]",
                    "dir = \"" + work.resolve("ferry") + "\"",
                    "rdb_restore_command_behavior = \"rewrite\"",
                    ""));
            out.println("$ ferry run -c " + config);
            int code = FerryMain.execute("run", "-c", config.toString());
            if (code != 0) {
                return code;
            }
            out.println();
            out.println("Conflicts recorded in " + work.resolve("ferry/conflicts.jsonl") + ":");
            Path conflicts = work.resolve("ferry/conflicts.jsonl");
            if (Files.exists(conflicts)) {
                Files.readAllLines(conflicts).forEach(l -> out.println("  " + l));
            }
            return verify(src, tgt) ? 0 : FerryMain.EXIT_FAILURE;
        }
    }

    private boolean verify(Jedis src, Jedis tgt) {
        KeyComparator comparator = new KeyComparator(1000);
        boolean ok = true;
        int compared = 0;
        for (int db : new int[] {0, 1}) {
            src.select(db);
            tgt.select(db);
            for (byte[] key : src.keys("*".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                compared++;
                String diff = comparator.difference(src, tgt, key);
                if (diff != null) {
                    out.println("  DIFFERENT: db " + db + " key " + dev.ferry.event.Printable.of(key) + ": " + diff);
                    ok = false;
                }
            }
            if (src.dbSize() != tgt.dbSize()) {
                out.printf("  db %d: source has %,d keys, target %,d%n", db, src.dbSize(), tgt.dbSize());
                ok = false;
            }
        }
        out.printf("%nVerification: %,d keys compared value by value (and TTL) between source and target: %s%n", compared,
                ok ? "all equal" : "DIFFERENCES FOUND");
        return ok;
    }

    private static long dbsize(Jedis j, int db) {
        j.select(db);
        long n = j.dbSize();
        j.select(0);
        return n;
    }
}
