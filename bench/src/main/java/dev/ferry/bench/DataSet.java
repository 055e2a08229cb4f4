package dev.ferry.bench;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The benchmark RDB: 1,000,000 keys written to a Redis 7.0.15 (embedded binary), SAVEd, and cached. 70% are
 * 100-byte strings of random alphanumerics (LZF cannot compress them), 30% small collections: lists, sets,
 * hashes and zsets of 5 elements each (7.5% of the keys each). No TTLs. Fixed seed: the same file every time.
 */
public final class DataSet {
    public static final int KEYS = 1_000_000;
    public static final int VALUE_SIZE = 100;

    private DataSet() {
    }

    /** The cached RDB, generated first if missing. */
    public static Path ensure(Path dir) throws IOException {
        Path rdb = dir.resolve("mixed-1m.rdb");
        if (Files.exists(rdb)) {
            return rdb;
        }
        Files.createDirectories(dir);
        Path work = dir.resolve("gen-redis");
        long t0 = System.nanoTime();
        System.out.println("Generating " + rdb + " (1M keys, Redis 7.0) ...");
        try (LocalRedisServer server = LocalRedisServer.start(RedisBinary.redis70(), work, List.of("--save", ""));
             Jedis j = server.jedis(60_000)) {
            j.flushAll();
            fill(j);
            long n = j.dbSize();
            if (n != KEYS) {
                throw new IllegalStateException("expected " + KEYS + " keys, found " + n);
            }
            j.save();
            Path tmp = dir.resolve("mixed-1m.rdb.tmp");
            Files.copy(server.rdbFile(), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, rdb, StandardCopyOption.ATOMIC_MOVE);
            System.out.printf("Generated %s: %,d keys, %,d bytes, Redis %s, in %.1f s%n", rdb, n, Files.size(rdb),
                    server.version(), (System.nanoTime() - t0) / 1e9);
        }
        return rdb;
    }

    private static void fill(Jedis j) {
        SplittableRandom rnd = new SplittableRandom(42);
        Pipeline p = j.pipelined();
        for (int i = 0; i < KEYS; i++) {
            int kind = i % 40; // 28/40 strings, 3/40 of each collection type
            if (kind < 28) {
                p.set(bytes("str:" + i), randomBytes(rnd, VALUE_SIZE));
            } else if (kind < 31) {
                byte[][] items = new byte[5][];
                for (int k = 0; k < 5; k++) {
                    items[k] = randomBytes(rnd, 10 + rnd.nextInt(20));
                }
                p.rpush(bytes("list:" + i), items);
            } else if (kind < 34) {
                byte[][] items = new byte[5][];
                for (int k = 0; k < 5; k++) {
                    items[k] = randomBytes(rnd, 8 + rnd.nextInt(12));
                }
                p.sadd(bytes("set:" + i), items);
            } else if (kind < 37) {
                p.hset("hash:" + i, Map.of("name", randomString(rnd, 12), "email", randomString(rnd, 20),
                        "age", Integer.toString(rnd.nextInt(100)), "city", randomString(rnd, 10),
                        "visits", Integer.toString(rnd.nextInt(100_000))));
            } else {
                p.zadd("zset:" + i, Map.of("a" + i, (double) rnd.nextInt(1000), "b" + i, rnd.nextDouble() * 1000,
                        "c" + i, i + 0.5, "d" + i, (double) -i, "e" + i, 1e9 + i));
            }
            if (i % 1000 == 999) {
                p.sync();
            }
        }
        p.sync();
    }

    private static final byte[] ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            .getBytes(StandardCharsets.US_ASCII);

    private static byte[] randomBytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = ALNUM[rnd.nextInt(ALNUM.length)];
        }
        return b;
    }

    private static String randomString(SplittableRandom rnd, int n) {
        return new String(randomBytes(rnd, n), StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
