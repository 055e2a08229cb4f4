package dev.ferry.testing;

import static org.assertj.core.api.Assertions.fail;

import dev.ferry.local.LocalRedisServer;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * How far Ferry, as a replica, has come, read off the source: Ferry acknowledges (REPLCONF ACK) only what a completed
 * checkpoint holds, so the acknowledged offset is what the target has.
 */
public final class ReplicaProgress {
    private ReplicaProgress() {}

    /**
     * Until the online replica's acknowledged offset equals the master's, twice in a row (a PING may be in flight).
     * Nothing acknowledged (0) does not count, even when the master's offset is 0 too.
     */
    public static void awaitCaughtUp(LocalRedisServer source) throws InterruptedException {
        awaitAcked(source, true);
    }

    /**
     * @param all until everything is acknowledged; else until anything after the snapshot is. On the deadline the
     *            failure shows the source's last INFO replication, which tells a stalled replica from a missing one
     */
    public static void awaitAcked(LocalRedisServer source, boolean all) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int equalInARow = 0;
        String info = "";
        while (equalInARow < 2) {
            if (System.nanoTime() > deadline) {
                fail("Ferry never caught up with the source " + source.address() + " in 60 s; its last INFO replication:\n"
                        + info);
            }
            try (Jedis j = source.jedis()) {
                info = j.info("replication");
                long master = Long.parseLong(field(info, "master_repl_offset"));
                String slave = field(info, "slave0");
                // a replica waiting for its snapshot is listed with offset 0, and so is the master until it has one
                long acked = slave == null || !slave.contains("state=online") ? -1
                        : Long.parseLong(slave.replaceAll(".*offset=(\\d+).*", "$1"));
                // acked 0 is nothing: an idle master's offset can still be 0 while the snapshot is parsed
                equalInARow = acked > 0 && (acked == master || !all) ? equalInARow + 1 : 0;
            }
            Thread.sleep(200);
        }
    }

    /** Until the source lists a replica (Ferry asked for a full sync, or to continue), whatever its state. */
    public static void awaitReplicaListed(LocalRedisServer source) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Jedis j = source.jedis()) {
                if (field(j.info("replication"), "slave0") != null) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                fail("no replica of " + source.address() + " within 60 s");
            }
            Thread.sleep(20);
        }
    }

    /** Until the source's {@link #stat} {@code name} is at least {@code atLeast}. */
    public static void awaitStat(LocalRedisServer source, String name, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long now;
        while ((now = stat(source, name)) < atLeast) {
            if (System.nanoTime() > deadline) {
                fail(name + " of " + source.address() + " is " + now + ", not " + atLeast + ", after 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** A counter of the source's {@code INFO stats}: {@code sync_full}, {@code sync_partial_ok}... */
    public static long stat(LocalRedisServer source, String name) {
        try (Jedis j = source.jedis()) {
            return Long.parseLong(field(j.info("stats"), name));
        }
    }

    /** The value of {@code name} in an INFO reply, or null. */
    public static String field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }
}
