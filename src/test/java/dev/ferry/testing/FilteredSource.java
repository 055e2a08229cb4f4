package dev.ferry.testing;

import dev.ferry.local.LocalRedisServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import redis.clients.jedis.Jedis;

/**
 * Turns a source, once it has been migrated, into what a target filtered by an allowed key prefix and renamed by
 * {@code key_prefix_map} should hold, so {@link SourceAndTarget#assertDbEqual} compares it with the target.
 */
public final class FilteredSource {
    private FilteredSource() {}

    /**
     * In db {@code db} of {@code source}: keys starting with {@code allowedPrefix} get {@code newPrefix} instead, the
     * others are deleted.
     *
     * @return how many keys were deleted (the keys the filter left out)
     */
    public static long keepOnly(LocalRedisServer source, int db, String allowedPrefix, String newPrefix) {
        return rename(source, db, allowedPrefix, newPrefix, true);
    }

    /** In db {@code db} of {@code source}: keys starting with {@code prefix} get {@code newPrefix}; others stay. */
    public static void renamePrefix(LocalRedisServer source, int db, String prefix, String newPrefix) {
        rename(source, db, prefix, newPrefix, false);
    }

    /** In db {@code db} of {@code source}: deletes the keys of {@code type} ("hash", "list"...); how many there were. */
    public static long dropType(LocalRedisServer source, int db, String type) {
        long deleted = 0;
        try (Jedis j = source.jedis()) {
            j.select(db);
            for (byte[] key : j.keys("*".getBytes(StandardCharsets.UTF_8))) {
                if (j.type(key).equals(type)) {
                    deleted += j.del(key);
                }
            }
        }
        return deleted;
    }

    private static long rename(LocalRedisServer source, int db, String prefix, String newPrefix, boolean dropOthers) {
        long deleted = 0;
        try (Jedis j = source.jedis()) {
            j.select(db);
            byte[] from = prefix.getBytes(StandardCharsets.UTF_8);
            byte[] to = newPrefix.getBytes(StandardCharsets.UTF_8);
            for (byte[] key : j.keys("*".getBytes(StandardCharsets.UTF_8))) {
                if (key.length >= from.length && Arrays.equals(key, 0, from.length, from, 0, from.length)) {
                    byte[] renamed = Arrays.copyOf(to, to.length + key.length - from.length);
                    System.arraycopy(key, from.length, renamed, to.length, key.length - from.length);
                    j.rename(key, renamed);
                } else if (dropOthers) {
                    deleted += j.del(key);
                }
            }
        }
        return deleted;
    }

    /** Deletes db {@code db} of {@code source}: a db the filter blocks. */
    public static long dropDb(LocalRedisServer source, int db) {
        try (Jedis j = source.jedis()) {
            j.select(db);
            long keys = j.dbSize();
            j.flushDB();
            return keys;
        }
    }
}
