package dev.ferry.bench;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * End to end: the cached 1M-key RDB into an empty Redis 7.0.15 with {@code bin/ferry run} (parallelism 1), then
 * the same run again over the target it filled (a re-run: every key is found identical there), and
 * the ceiling: the same {@code RESTORE key ttl payload ABSTTL} commands piped by {@code redis-cli --pipe}.
 *
 * <pre>E2eBench DIR FERRY_HOME [rounds] [ferry java opts]</pre>
 */
public final class E2eBench {
    static final List<String> TARGET_ARGS = List.of("--save", "", "--appendonly", "no");

    public static void main(String[] args) throws Exception {
        E2eArgs a = E2eArgs.parse(args);

        List<String> rows = new ArrayList<>();
        for (int round = 1; round <= a.rounds(); round++) {
            // Ferry
            Path work = a.dir().resolve("e2e-ferry");
            deleteRecursively(work);
            try (LocalRedisServer target = LocalRedisServer.start(RedisBinary.redis70(), work.resolve("target"), TARGET_ARGS)) {
                FerryRun run = FerryRun.of(a.ferryHome(), work, FerryRun.toml("[rdb_reader]\nfilepath = \"" + a.rdb() + "\"",
                        target.address(), work.resolve("ferry-data")), a.javaOpts());
                double jobSecs = run.jobSecs();
                double keysPerSec = run.keysPerSec();
                double wall = run.wallSecs();
                long n = dbSize(target);
                double steady = run.steadyKeysPerSec();
                System.out.printf("round %d ferry: job ran %.1f s, %,.0f keys/s (Ferry's summary), steady state %,.0f keys/s; "
                        + "wall %.1f s (JVM start to exit); target has %,d keys%n", round, jobSecs, keysPerSec, steady, wall, n);
                rows.add(String.format("RESULT | bin/ferry run (parallelism 1, %s) | round %d | job %.1f s | %,.0f keys/s | steady %,.0f keys/s | wall %.1f s | %,.0f keys/s over wall | %,d keys |",
                        a.javaOpts(), round, jobSecs, keysPerSec, steady, wall, n / wall, n));
                // the same run again over the target it filled: every key meets itself there (a re-run, or a resume)
                FerryRun again = FerryRun.of(a.ferryHome(), work.resolve("again"), FerryRun.toml("[rdb_reader]\nfilepath = \""
                        + a.rdb() + "\"", target.address(), work.resolve("again-data")), a.javaOpts());
                System.out.printf("round %d ferry again over the filled target: job ran %.1f s, %,.0f keys/s; wall %.1f s%n",
                        round, again.jobSecs(), again.keysPerSec(), again.wallSecs());
                rows.add(String.format("RESULT | bin/ferry run again, every key identical on the target | round %d | job %.1f s | %,.0f keys/s | wall %.1f s |",
                        round, again.jobSecs(), again.keysPerSec(), again.wallSecs()));
            }
            // redis-cli --pipe
            Path work2 = a.dir().resolve("e2e-pipe");
            deleteRecursively(work2);
            try (LocalRedisServer target = LocalRedisServer.start(RedisBinary.redis70(), work2, TARGET_ARGS)) {
                double wall = pipe(target, a.resp(), work2.resolve("pipe.out"));
                String out = Files.readString(work2.resolve("pipe.out"));
                long n = dbSize(target);
                System.out.printf("round %d redis-cli --pipe: %.1f s, %,.0f keys/s; target has %,d keys; %s%n", round, wall,
                        n / wall, n, out.strip().replace('\n', ' '));
                rows.add(String.format("RESULT | redis-cli --pipe (RESTORE ... ABSTTL) | round %d | %.1f s | %,.0f keys/s | %,d keys |",
                        round, wall, n / wall, n));
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    /** Seconds {@code redis-cli --pipe} takes to send {@code resp} into {@code target}; its output goes to {@code out}. */
    static double pipe(LocalRedisServer target, Path resp, Path out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("redis-cli", "-h", target.host(), "-p", Integer.toString(target.port()), "--pipe")
                .redirectInput(resp.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        long t0 = System.nanoTime();
        int rc = pb.start().waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new IllegalStateException("redis-cli --pipe exited with " + rc + ": " + Files.readString(out));
        }
        return wall;
    }

    /** RESP file with one RESTORE key ttl payload ABSTTL per key, built with Ferry's parser; cached. */
    static Path respFile(Path rdb, Path resp) throws IOException {
        if (Files.exists(resp)) {
            return resp;
        }
        long t0 = System.nanoTime();
        Path tmp = Paths.get(resp + ".tmp");
        long keys = 0;
        try (FileChannel ch = FileChannel.open(rdb); InputStream in = Channels.newInputStream(ch);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            RdbParser p = RdbParser.open(in, true);
            for (RdbRecord r; (r = p.next()) != null; ) {
                if (r instanceof KeyRecord k) {
                    byte[] payload = p.captureDumpPayload();
                    long ttl = k.expireAtMs() == KeyRecord.NO_EXPIRE ? 0 : k.expireAtMs();
                    out.write("*5\r\n$7\r\nRESTORE\r\n".getBytes(StandardCharsets.US_ASCII));
                    bulk(out, k.key());
                    bulk(out, Long.toString(ttl).getBytes(StandardCharsets.US_ASCII));
                    bulk(out, payload);
                    bulk(out, "ABSTTL".getBytes(StandardCharsets.US_ASCII));
                    keys++;
                }
            }
        }
        Files.move(tmp, resp, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("Wrote %s: %,d RESTORE commands, %,d bytes, in %.1f s%n", resp, keys, Files.size(resp),
                (System.nanoTime() - t0) / 1e9);
        return resp;
    }

    private static void bulk(OutputStream out, byte[] b) throws IOException {
        out.write(('$' + Integer.toString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.write('\r');
        out.write('\n');
    }

    static long dbSize(LocalRedisServer s) {
        try (Jedis j = s.jedis()) {
            return j.dbSize();
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
