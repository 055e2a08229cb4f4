package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.verify.KeyComparator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

/**
 * A real Redis 7.0 source with a saved snapshot, and a real target (Redis 7.0 unless {@link #intoTarget} says
 * otherwise): what the migration tests run {@code ferry run} between. Register it on a static field; the source
 * is filled and saved once per class, the target is emptied (keys and functions) before each test.
 */
public final class SourceAndTarget implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private static final int[] DBS = {0, 1, 5};

    private final Consumer<Jedis> fill;
    private final Supplier<RedisBinary> targetBinary;
    private LocalRedisServer source;
    private LocalRedisServer target;

    private SourceAndTarget(Consumer<Jedis> fill, Supplier<RedisBinary> targetBinary) {
        this.fill = fill;
        this.targetBinary = targetBinary;
    }

    /** The source gets {@code fill}, then SAVE. */
    public static SourceAndTarget filledWith(Consumer<Jedis> fill) {
        return new SourceAndTarget(fill, RedisBinary::redis70);
    }

    /** A copy whose target runs {@code binary}, e.g. {@code RedisBinary::redis62}. */
    public SourceAndTarget intoTarget(Supplier<RedisBinary> binary) {
        return new SourceAndTarget(fill, binary);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        source = LocalRedisServer.start(RedisBinary.redis70());
        target = LocalRedisServer.start(targetBinary.get());
        try (Jedis j = source.jedis(60_000)) {
            fill.accept(j);
            j.save();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emptyTarget();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        source.close();
        target.close();
    }

    public LocalRedisServer source() {
        return source;
    }

    public LocalRedisServer target() {
        return target;
    }

    public void emptyTarget() {
        try (Jedis j = target.jedis()) {
            j.flushAll();
            if (target.versionNumber() >= 700) {
                j.functionFlush();
            }
        }
    }

    public long sourceKeys() {
        return keys(source);
    }

    public long targetKeys() {
        return keys(target);
    }

    private static long keys(LocalRedisServer s) {
        try (Jedis j = s.jedis()) {
            long n = 0;
            for (int db : DBS) {
                j.select(db);
                n += FerryKeys.dbSize(j);
            }
            return n;
        }
    }

    /** Every key of the source's dbs 0, 1 and 5 is on the target with the same value and TTL (within 1 s), and no more. */
    public void assertTargetEqualsSource() {
        assertEqual(source, target);
    }

    /** A small hash or string's values on both sides, so a failure says which write went missing or came twice. */
    private static String shown(Jedis s, Jedis t, byte[] key) {
        String type = s.type(key);
        if (type.equals("hash") && s.hlen(key) <= 20) {
            return " (source " + s.hgetAll(new String(key, StandardCharsets.UTF_8)) + ", target "
                    + t.hgetAll(new String(key, StandardCharsets.UTF_8)) + ")";
        }
        if (type.equals("string") && s.strlen(key) <= 100) {
            return " (source " + s.get(new String(key, StandardCharsets.UTF_8)) + ", target "
                    + t.get(new String(key, StandardCharsets.UTF_8)) + ")";
        }
        return "";
    }

    /**
     * Every key of {@code source}'s dbs 0, 1 and 5 is on {@code target} with the same value and TTL (within 1 s), and no
     * more. A failure lists the differences of all three: a write applied in the wrong db shows in two.
     */
    public static void assertEqual(LocalRedisServer source, LocalRedisServer target) {
        List<String> diffs = new ArrayList<>();
        for (int db : DBS) {
            diffs.addAll(differences(source, db, target, db));
        }
        assertThat(diffs).as("source against target, dbs %s", Arrays.toString(DBS)).isEmpty();
    }

    /** Every key of {@code source}'s db {@code from} is in {@code target}'s db {@code to} with the same value and TTL (within 1 s), and no more. */
    public static void assertDbEqual(LocalRedisServer source, int from, LocalRedisServer target, int to) {
        assertThat(differences(source, from, target, to)).as("source db %d against target db %d", from, to).isEmpty();
    }

    private static List<String> differences(LocalRedisServer source, int from, LocalRedisServer target, int to) {
        KeyComparator cmp = new KeyComparator(1000);
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            s.select(from);
            t.select(to);
            List<String> diffs = new ArrayList<>();
            for (byte[] key : s.keys("*".getBytes(StandardCharsets.UTF_8))) {
                String d = cmp.difference(s, t, key);
                if (d != null) {
                    diffs.add("db " + from + " " + new String(key, StandardCharsets.UTF_8) + ": " + d + shown(s, t, key));
                }
            }
            if (FerryKeys.dbSize(t) != s.dbSize()) {
                List<String> extra = new ArrayList<>();
                for (byte[] key : t.keys("*".getBytes(StandardCharsets.UTF_8))) {
                    String name = new String(key, StandardCharsets.UTF_8);
                    if (!FerryKeys.isFerrys(name) && !s.exists(key) && extra.size() < 10) {
                        extra.add(name + " (" + t.type(key) + ", TTL " + t.pttl(key) + " ms)");
                    }
                }
                diffs.add("target db " + to + " holds " + FerryKeys.dbSize(t) + " keys, source db " + from + " " + s.dbSize()
                        + "; only on the target: " + extra);
            }
            return diffs;
        }
    }
}
