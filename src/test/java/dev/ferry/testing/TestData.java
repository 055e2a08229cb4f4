package dev.ferry.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Deterministic test data that covers every value type and internal encoding an RDB parser has to handle, on
 * Redis 6.2 and 7.x. Before writing, the encoding thresholds are set explicitly (to Redis' defaults) with the
 * names the server understands (7.x {@code *-listpack-*}, 6.2 {@code *-ziplist-*}), so the encodings below do not
 * depend on the server's configuration.
 *
 * <p>Version-dependent parts (detected from INFO server redis_version):
 * <ul>
 *   <li>7.0+: quicklist nodes are listpacks (RDB type QUICKLIST_2); {@code list:plain} gets PLAIN nodes via
 *       {@code DEBUG QUICKLIST-PACKED-THRESHOLD} (skipped if DEBUG is disabled; by default Redis 7.0 only makes a
 *       PLAIN node for elements of 1 GB or more); a Redis function library is loaded (RDB FUNCTION2 opcode).</li>
 *   <li>6.2: quicklist nodes are ziplists (RDB type QUICKLIST), small hashes/zsets are ziplists; no PLAIN nodes,
 *       no functions.</li>
 *   <li>7.2+ only: {@code set:listpack} (small string set encoded as listpack).</li>
 *   <li>7.4+ only: {@code hash:fieldttl:*} (hash fields with HPEXPIREAT, RDB types HASH_METADATA and
 *       HASH_LISTPACK_EX).</li>
 * </ul>
 * {@link #expectedEncodings(int)} lists the OBJECT ENCODING of the fixed keys per version.
 *
 * <p>Not a usable oracle: redis-replicator 3.11.0 fails on this data set ({@code zset:small} stores the scores
 * "inf"/"-inf" as listpack strings, which it feeds to Double.parseDouble; {@code stream:events}, whose entries
 * do not all have the master entry's fields, ends in an ArrayIndexOutOfBoundsException). Both are valid Redis
 * data that Ferry's parser must handle. Everything else it parses on 7.0 and 6.2.
 *
 * <p>All methods leave the connection on db 0.
 */
public final class TestData {

    /** 2100-01-01T00:00:00Z: expiry for keys that must not expire during a test. */
    public static final long FAR_FUTURE_MS = 4_102_444_800_000L;
    /** TTL of the {@code ttl:short:*} keys: short, but longer than any test. */
    public static final long SHORT_TTL_MS = 600_000L;
    /** Elements of 2000 bytes and more become PLAIN quicklist nodes in {@code list:plain} (7.0+). */
    public static final int PLAIN_THRESHOLD = 1000;
    /** Default Redis 7 packed threshold, restored after writing {@code list:plain}. */
    private static final long DEFAULT_PACKED_THRESHOLD = 1L << 30;

    public static final int BIG_STRING_SIZE = 1 << 20;
    public static final int BIG_LIST_SIZE = 200_000;

    /** The Lua library loaded on 7.0+ (functions are stored in the RDB and survive FLUSHALL). */
    public static final String FUNCTION_LIBRARY = "#!lua name=ferrytest\n"
            + "redis.register_function('ferry_echo', function(keys, args) return args[1] end)\n";

    private TestData() {
    }

    // ---------------------------------------------------------------- public API

    /**
     * Writes the mixed data set: db 0 gets one key of every type/encoding (names in
     * {@link #expectedEncodings(int)}) plus {@code scale}-multiplied small keys of each type and keys with TTLs;
     * db 1 and db 5 get a few keys of several types. Deterministic apart from stream consumer times.
     */
    public static void fillMixed(Jedis j, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1: " + scale);
        }
        int v = redisVersion(j);
        configureEncodings(j, v);
        j.select(0);
        strings(j, scale);
        lists(j, v, scale);
        sets(j, v, scale);
        zsets(j, scale);
        hashes(j, v, scale);
        streams(j, scale);
        ttls(j, scale);
        if (v >= 700) {
            cmd(j, "FUNCTION", "LOAD", "REPLACE", FUNCTION_LIBRARY);
        }
        otherDbs(j, scale);
        j.select(0);
    }

    /**
     * {@link #fillMixed} without its db 1 and db 5 keys: what a cluster target (db 0 only) can take.
     * {@link #expectedDbSizes} gives the count (its db 0 entry).
     */
    public static void fillMixedDb0(Jedis j, int scale) {
        fillMixed(j, scale);
        for (int db : new int[] {1, 5}) {
            j.select(db);
            j.flushDB();
        }
        j.select(0);
    }

    /**
     * Writes the big keys in db 0: {@code big:string} (1 MB of seeded random bytes, LZF cannot compress it),
     * {@code big:string:compressible} (1 MB of a repeated pattern, stored LZF-compressed) and {@code big:list}
     * (200,000 items "item-0".."item-199999", a quicklist of many nodes).
     */
    public static void fillBig(Jedis j) {
        configureEncodings(j, redisVersion(j));
        j.select(0);
        byte[] random = new byte[BIG_STRING_SIZE];
        new Random(42).nextBytes(random);
        j.set(b("big:string"), random);
        j.set(b("big:string:compressible"), repeat("0123456789abcdef-ferry-", BIG_STRING_SIZE));
        j.del("big:list");
        Pipeline p = j.pipelined();
        int batch = 1000;
        for (int i = 0; i < BIG_LIST_SIZE; i += batch) {
            byte[][] items = new byte[Math.min(batch, BIG_LIST_SIZE - i)][];
            for (int k = 0; k < items.length; k++) {
                items[k] = b("item-" + (i + k));
            }
            p.rpush(b("big:list"), items);
        }
        p.sync();
    }

    /**
     * Benchmark data: {@code n} string keys {@code bench:0}..{@code bench:n-1} in db 0, each value
     * {@code valueSize} bytes (the key's index, then a filler pattern). Pipelined MSETs; 1M keys take a few
     * seconds.
     */
    public static void fillStrings(Jedis j, int n, int valueSize) {
        j.select(0);
        byte[] filler = repeat("abcdefghijklmnopqrstuvwxyz0123456789", valueSize);
        Pipeline p = j.pipelined();
        int batch = 1000;
        for (int i = 0; i < n; i += batch) {
            int count = Math.min(batch, n - i);
            byte[][] kv = new byte[count * 2][];
            for (int k = 0; k < count; k++) {
                int idx = i + k;
                byte[] value = filler.clone();
                byte[] num = b(Integer.toString(idx));
                System.arraycopy(num, 0, value, 0, Math.min(num.length, value.length));
                kv[2 * k] = b("bench:" + idx);
                kv[2 * k + 1] = value;
            }
            p.mset(kv);
            if ((i / batch) % 20 == 19) {
                p.sync();
            }
        }
        p.sync();
    }

    /** {@code n} string keys {@code expiring:i} in db 0 that expire after {@code ttlMillis}. */
    public static void fillExpiring(Jedis j, int n, long ttlMillis) {
        j.select(0);
        Pipeline p = j.pipelined();
        for (int i = 0; i < n; i++) {
            p.psetex("expiring:" + i, ttlMillis, "v" + i);
        }
        p.sync();
    }

    /**
     * OBJECT ENCODING of the fixed db-0 keys written by {@link #fillMixed} on a server of the given version
     * ({@code major * 100 + minor}, e.g. 700 or 602).
     */
    public static Map<String, String> expectedEncodings(int version) {
        boolean seven = version >= 700;
        String small = seven ? "listpack" : "ziplist";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("str:int:12345", "int");
        m.put("str:int:-1", "int");
        m.put("str:int:max64", "int");
        m.put("str:notint:leading-zero", "embstr");
        m.put("str:embstr", "embstr");
        m.put("str:raw", "raw");
        m.put("str:lzf", "raw");
        m.put("str:binary", "embstr");
        m.put("str:empty", "embstr");
        m.put("list:small", version >= 702 ? "listpack" : "quicklist");
        m.put("list:ints", version >= 702 ? "listpack" : "quicklist");
        m.put("list:strlens", "quicklist");
        m.put("list:multinode", "quicklist");
        m.put("list:compressed", "quicklist");
        if (seven) {
            m.put("list:plain", "quicklist");
        }
        m.put("set:intset16", "intset");
        m.put("set:intset32", "intset");
        m.put("set:intset64", "intset");
        m.put("set:bigints", "hashtable");
        m.put("set:strings", "hashtable");
        if (version >= 702) {
            m.put("set:listpack", "listpack");
        }
        m.put("zset:small", small);
        m.put("zset:skiplist", "skiplist");
        m.put("hash:small", small);
        m.put("hash:binary", small);
        m.put("hash:hashtable", "hashtable");
        m.put("hash:bigvalue", "hashtable");
        if (version >= 704) {
            m.put("hash:fieldttl:listpack", "listpackex");
            m.put("hash:fieldttl:hashtable", "hashtable");
        }
        m.put("stream:events", "stream");
        m.put("stream:empty", "stream");
        m.put("stream:alldeleted", "stream");
        return m;
    }

    /**
     * Number of keys {@link #fillMixed} writes per db (0, 1 and 5) on a server of the given version. The
     * {@code ttl:short:*} keys are included: they live {@link #SHORT_TTL_MS}.
     */
    public static Map<Integer, Long> expectedDbSizes(int version, int scale) {
        long db0 = 12 + 5 + 5 + 2 + 4 + 3 + 2 + 70L * scale;
        if (version >= 700) {
            db0 += 1; // list:plain
        }
        if (version >= 702) {
            db0 += 1; // set:listpack
        }
        if (version >= 704) {
            db0 += 2; // hash:fieldttl:*
        }
        Map<Integer, Long> m = new LinkedHashMap<>();
        m.put(0, db0);
        m.put(1, 6 + 5L * scale);
        m.put(5, 3L);
        return m;
    }

    /** The server's version as {@code major * 100 + minor} (INFO server redis_version), e.g. 700, 602. */
    public static int redisVersion(Jedis j) {
        String info = j.info("server");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                String[] parts = line.substring("redis_version:".length()).trim().split("\\.");
                return Integer.parseInt(parts[0]) * 100 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
            }
        }
        throw new IllegalStateException("no redis_version in INFO server");
    }

    /**
     * Sets the encoding thresholds to Redis' defaults under the names the version knows, list compression off,
     * RDB compression on (rdbchecksum cannot be changed at run time; it is on by default).
     */
    public static void configureEncodings(Jedis j, int v) {
        String small = v >= 700 ? "listpack" : "ziplist";
        config(j, "hash-max-" + small + "-entries", "128");
        config(j, "hash-max-" + small + "-value", "64");
        config(j, "zset-max-" + small + "-entries", "128");
        config(j, "zset-max-" + small + "-value", "64");
        config(j, "list-max-" + small + "-size", "-2");
        config(j, "list-compress-depth", "0");
        config(j, "set-max-intset-entries", "512");
        if (v >= 702) {
            config(j, "set-max-listpack-entries", "128");
            config(j, "set-max-listpack-value", "64");
        }
        config(j, "stream-node-max-entries", "100");
        config(j, "stream-node-max-bytes", "4096");
        config(j, "rdbcompression", "yes");
    }

    /** Sends any command; String arguments are UTF-8 encoded, byte[] arguments sent as they are. */
    public static Object cmd(Jedis j, String name, Object... args) {
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            raw[i] = args[i] instanceof byte[] bytes ? bytes : b(String.valueOf(args[i]));
        }
        ProtocolCommand command = () -> SafeEncoder.encode(name);
        return j.sendCommand(command, raw);
    }

    // ---------------------------------------------------------------- types

    private static void strings(Jedis j, int scale) {
        j.set("str:int:12345", "12345");            // RDB INT16
        j.set("str:int:-1", "-1");                  // RDB INT8
        j.set("str:int:int32", "2000000000");       // RDB INT32
        j.set("str:int:max64", "9223372036854775807"); // int in memory, plain string in RDB (> 32 bit)
        j.set("str:notint:leading-zero", "0123");   // not an integer, must stay "0123"
        j.set("str:embstr", "hello ferry");
        j.set("str:raw", randomAscii(new Random(7), 100)); // > 44 bytes: raw, hardly compressible
        j.set("str:lzf", new String(repeat("abc", 3000), StandardCharsets.US_ASCII)); // LZF-compressed in RDB
        j.set(b("str:binary"), new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, 0, 'x',
                (byte) 0x80});
        j.set(new byte[] {'b', 'i', 'n', ':', 0, (byte) 0xff, (byte) 0xc0}, b("binary key, invalid UTF-8"));
        j.set("str:unicode:\u00e9\u6f22\ud83d\ude80", "\u00e9t\u00e9 \u6f22\u5b57 \ud83d\ude80");
        j.set("str:empty", "");
        Pipeline p = j.pipelined();
        for (int i = 0; i < 20 * scale; i++) {
            p.set("str:small:" + i, (i % 3 == 0) ? Integer.toString(i * 7919 - 50_000) : "value-" + i);
        }
        p.sync();
    }

    private static void lists(Jedis j, int v, int scale) {
        j.rpush("list:small", "a", "b", "c", "1", "2", "-3", "");
        // every listpack/ziplist integer width: 4-bit/7-bit immediates, 8/13/16/24/32/64-bit
        j.rpush("list:ints", "0", "1", "12", "13", "127", "128", "-1", "-128", "-129", "4095", "-4096",
                "32767", "-32768", "32768", "8388607", "-8388608", "8388608", "2147483647", "-2147483648",
                "2147483648", "9223372036854775807", "-9223372036854775808", "1.5", "007");
        // string lengths around the 6/12/32-bit (listpack) and 6/14/32-bit (ziplist) length encodings
        List<byte[]> lens = new ArrayList<>();
        for (int len : new int[] {1, 63, 64, 200, 4095, 4096, 16383, 16384, 20000}) {
            lens.add(repeat("s", len));
        }
        j.rpush(b("list:strlens"), lens.toArray(new byte[0][]));
        Pipeline p = j.pipelined();
        for (int i = 0; i < 1000 * scale; i += 100) {
            byte[][] items = new byte[100][];
            for (int k = 0; k < 100; k++) {
                items[k] = b("item-" + (i + k));
            }
            p.rpush(b("list:multinode"), items);
        }
        for (int i = 0; i < 10 * scale; i++) {
            p.rpush("list:n:" + i, "x" + i, Integer.toString(i), "y" + i);
        }
        p.sync();

        // compress-depth is taken when a list is created: inner nodes of this list are LZF-compressed
        config(j, "list-compress-depth", "1");
        p = j.pipelined();
        for (int i = 0; i < 3000; i += 100) {
            byte[][] items = new byte[100][];
            for (int k = 0; k < 100; k++) {
                items[k] = b("compressible-list-item-" + (i + k) + "-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            }
            p.rpush(b("list:compressed"), items);
        }
        p.sync();
        config(j, "list-compress-depth", "0");

        if (v >= 700) {
            // Redis 7 stores elements >= the packed threshold (1 GB by default) as PLAIN nodes; lower it.
            boolean lowered = false;
            try {
                cmd(j, "DEBUG", "QUICKLIST-PACKED-THRESHOLD", Integer.toString(PLAIN_THRESHOLD));
                lowered = true;
            } catch (JedisDataException debugDisabled) {
                // DEBUG not allowed (enable-debug-command no): list:plain gets packed nodes only
            }
            try {
                j.rpush(b("list:plain"), repeat("P", 2000), b("small-1"), b("small-2"), repeat("Q", 5000),
                        b("small-3"), randomBytes(new Random(3), 3000));
            } finally {
                if (lowered) {
                    cmd(j, "DEBUG", "QUICKLIST-PACKED-THRESHOLD", Long.toString(DEFAULT_PACKED_THRESHOLD));
                }
            }
        }
    }

    private static void sets(Jedis j, int v, int scale) {
        j.sadd("set:intset16", "1", "2", "3", "-5", "32767");
        j.sadd("set:intset32", "1", "65536", "-70000", "2147483647");
        j.sadd("set:intset64", "1", "5000000000", "-9223372036854775808");
        String[] bigints = new String[600];
        for (int i = 0; i < bigints.length; i++) {
            bigints[i] = Integer.toString(i * 3);
        }
        j.sadd("set:bigints", bigints); // more than set-max-intset-entries
        String[] strings = new String[150];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = "member-" + i;
        }
        j.sadd("set:strings", strings); // strings, > 128 members: hashtable on every version
        j.sadd(b("set:strings"), new byte[] {0, (byte) 0xff, 'z'});
        if (v >= 702) {
            j.sadd("set:listpack", "apple", "banana", "cherry", "42");
        }
        Pipeline p = j.pipelined();
        for (int i = 0; i < 10 * scale; i++) {
            p.sadd("set:n:" + i, "m" + i, "n" + i, Integer.toString(i));
        }
        p.sync();
    }

    private static void zsets(Jedis j, int scale) {
        Map<String, Double> small = new LinkedHashMap<>();
        small.put("one", 1.0);
        small.put("pointone", 0.1);
        small.put("neg", -2.5);
        small.put("tiny", 1e-300);
        small.put("pinf", Double.POSITIVE_INFINITY);
        small.put("ninf", Double.NEGATIVE_INFINITY);
        small.put("bigint", 9007199254740992.0);
        small.put("zero", 0.0);
        j.zadd("zset:small", small);

        Map<String, Double> big = new LinkedHashMap<>(small);
        big.put("large", 1e18);
        big.put("negzero", -0.0);
        for (int i = 0; i < 200; i++) {
            big.put("m" + i, i * 1.25);
        }
        j.zadd("zset:skiplist", big); // > 128 members
        Pipeline p = j.pipelined();
        for (int i = 0; i < 10 * scale; i++) {
            p.zadd("zset:n:" + i, Map.of("a" + i, (double) i, "b" + i, i + 0.5));
        }
        p.sync();
    }

    private static void hashes(Jedis j, int v, int scale) {
        Map<String, String> small = new LinkedHashMap<>();
        small.put("name", "ferry");
        small.put("count", "12345");
        small.put("neg", "-7");
        small.put("big", "9223372036854775807");
        small.put("empty", "");
        j.hset("hash:small", small);
        Map<byte[], byte[]> binary = new LinkedHashMap<>();
        binary.put(new byte[] {0, 1, 2}, new byte[] {(byte) 0xff, 0, (byte) 0xfe});
        binary.put(new byte[] {(byte) 0xc3, 0x28}, b("invalid-utf8-field"));
        binary.put(b("plain"), new byte[0]);
        j.hset(b("hash:binary"), binary);
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            many.put("field-" + i, (i % 2 == 0) ? Integer.toString(i) : "value-" + i);
        }
        j.hset("hash:hashtable", many); // > 128 fields
        j.hset("hash:bigvalue", Map.of("short", "s", "long", new String(repeat("L", 100),
                StandardCharsets.US_ASCII))); // value > 64 bytes
        if (v >= 704) {
            j.hset("hash:fieldttl:listpack", Map.of("a", "1", "b", "2", "c", "3"));
            cmd(j, "HPEXPIREAT", "hash:fieldttl:listpack", Long.toString(FAR_FUTURE_MS), "FIELDS", "2", "a", "b");
            j.hset("hash:fieldttl:hashtable", many);
            cmd(j, "HPEXPIREAT", "hash:fieldttl:hashtable", Long.toString(FAR_FUTURE_MS), "FIELDS", "1",
                    "field-1");
        }
        Pipeline p = j.pipelined();
        for (int i = 0; i < 10 * scale; i++) {
            p.hset("hash:n:" + i, Map.of("f", "v" + i, "n", Integer.toString(i)));
        }
        p.sync();
    }

    private static void streams(Jedis j, int scale) {
        String key = "stream:events";
        int n = 250 * scale; // several listpack nodes (stream-node-max-entries 100)
        Pipeline p = j.pipelined();
        for (int i = 1; i <= n; i++) {
            String id = "1700000000000-" + i;
            if (i % 10 == 0) {
                // different field set: not the master entry's fields
                p.sendCommand(c("XADD"), b(key), b(id), b("kind"), b("other"), b("payload"), b("p" + i),
                        b("extra"), new byte[] {0, (byte) 0xff});
            } else {
                p.sendCommand(c("XADD"), b(key), b(id), b("type"), b("order"), b("n"), b(Integer.toString(i)));
            }
        }
        p.sync();
        cmd(j, "XDEL", key, "1700000000000-2", "1700000000000-3", "1700000000000-50");
        cmd(j, "XGROUP", "CREATE", key, "g1", "0");
        cmd(j, "XGROUP", "CREATE", key, "g2", "1700000000000-100");
        cmd(j, "XREADGROUP", "GROUP", "g1", "alice", "COUNT", "10", "STREAMS", key, ">");
        cmd(j, "XREADGROUP", "GROUP", "g1", "bob", "COUNT", "5", "STREAMS", key, ">");
        cmd(j, "XACK", key, "g1", "1700000000000-1", "1700000000000-4", "1700000000000-5");
        // read alice's pending entries again: delivery count 2
        cmd(j, "XREADGROUP", "GROUP", "g1", "alice", "COUNT", "3", "STREAMS", key, "0");
        cmd(j, "XREADGROUP", "GROUP", "g2", "carol", "COUNT", "3", "STREAMS", key, ">");
        cmd(j, "XGROUP", "CREATECONSUMER", key, "g2", "idle-dave"); // a consumer without pending entries

        cmd(j, "XGROUP", "CREATE", "stream:empty", "g", "$", "MKSTREAM");
        cmd(j, "XADD", "stream:alldeleted", "5-1", "f", "v");
        cmd(j, "XADD", "stream:alldeleted", "5-2", "f", "v");
        cmd(j, "XDEL", "stream:alldeleted", "5-1", "5-2");
    }

    private static void ttls(Jedis j, int scale) {
        Pipeline p = j.pipelined();
        for (int i = 0; i < 5 * scale; i++) {
            p.set("ttl:far:" + i, "v" + i);
            p.pexpireAt("ttl:far:" + i, FAR_FUTURE_MS + i);
            p.set("ttl:short:" + i, "v" + i);
            p.pexpire("ttl:short:" + i, SHORT_TTL_MS);
        }
        p.rpush("ttl:list", "a", "b");
        p.pexpireAt("ttl:list", FAR_FUTURE_MS);
        p.hset("ttl:hash", "f", "v");
        p.pexpireAt("ttl:hash", FAR_FUTURE_MS);
        p.sync();
    }

    private static void otherDbs(Jedis j, int scale) {
        j.select(1);
        j.set("db1:str", "in db one");
        j.rpush("db1:list", "x", "y", "z");
        j.hset("db1:hash", Map.of("f", "v"));
        j.sadd("db1:set", "1", "2");
        j.zadd("db1:zset", 1.5, "m");
        j.set("str:embstr", "same name as in db 0, other value");
        Pipeline p = j.pipelined();
        for (int i = 0; i < 5 * scale; i++) {
            p.set("db1:n:" + i, "v" + i);
        }
        p.sync();
        j.select(5);
        j.set("db5:str", "in db five");
        j.pexpireAt("db5:str", FAR_FUTURE_MS);
        j.sadd("db5:set", "a", "b", "c");
        cmd(j, "XADD", "db5:stream", "1-1", "f", "v");
        j.select(0);
    }

    // ---------------------------------------------------------------- helpers

    private static void config(Jedis j, String name, String value) {
        cmd(j, "CONFIG", "SET", name, value);
    }

    private static ProtocolCommand c(String name) {
        byte[] raw = b(name);
        return () -> raw;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code pattern} repeated to exactly {@code size} bytes. */
    static byte[] repeat(String pattern, int size) {
        byte[] p = b(pattern);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = p[i % p.length];
        }
        return out;
    }

    private static byte[] randomBytes(Random r, int size) {
        byte[] out = new byte[size];
        r.nextBytes(out);
        return out;
    }

    private static String randomAscii(Random r, int size) {
        StringBuilder sb = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            sb.append((char) ('!' + r.nextInt(94)));
        }
        return sb.toString();
    }
}
