package dev.ferry.testing;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.Jedis;

/**
 * Ferry's own bookkeeping keys on a target (the checkpoint stamps and exactly-once markers under the default
 * {@code [advanced] marker_prefix}): not the source's, so comparisons of key counts leave them out.
 */
public final class FerryKeys {
    private static final String[] PATTERNS = {"ferry:stamp:w*", "ferry:applied:*"};

    private FerryKeys() {}

    /** Whether {@code key} is one of Ferry's bookkeeping keys. */
    public static boolean isFerrys(String key) {
        for (String p : PATTERNS) {
            if (key.startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** DBSIZE of the connection's db, without Ferry's bookkeeping keys. */
    public static long dbSize(Jedis target) {
        long n = target.dbSize();
        for (String p : PATTERNS) {
            n -= target.keys(p.getBytes(StandardCharsets.UTF_8)).size();
        }
        return n;
    }
}
