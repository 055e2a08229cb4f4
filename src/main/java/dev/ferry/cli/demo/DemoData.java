package dev.ferry.cli.demo;

import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/** A small mixed data set for the demo: every data type, TTLs, and two databases. */
final class DemoData {
    private DemoData() {}

    static void fill(Jedis j, int keys) {
        Pipeline p = j.pipelined();
        long farFuture = System.currentTimeMillis() + 86_400_000L;
        for (int i = 0; i < keys; i++) {
            switch (i % 6) {
                case 0 -> p.set("user:" + i + ":name", "name-" + i);
                case 1 -> p.rpush("list:" + i, "a" + i, "b" + i, "c" + i);
                case 2 -> p.sadd("set:" + i, "x", "y", Integer.toString(i));
                case 3 -> p.hset("hash:" + i, Map.of("field", "value-" + i, "n", Integer.toString(i)));
                case 4 -> p.zadd("zset:" + i, Map.of("m1", 0.1, "m2", -2.5, "m" + i, (double) i));
                default -> {
                    p.set("session:" + i, "token-" + i);
                    p.pexpireAt("session:" + i, farFuture);
                }
            }
        }
        p.sync();
        j.xadd("stream:orders", StreamEntryID.NEW_ENTRY, Map.of("item", "book", "qty", "1"));
        j.xadd("stream:orders", StreamEntryID.NEW_ENTRY, Map.of("item", "pen", "qty", "3"));
        j.xgroupCreate("stream:orders", "billing", new StreamEntryID(), false);
        j.xreadGroup("billing", "worker-1", XReadGroupParams.xReadGroupParams().count(1),
                Map.of("stream:orders", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        j.select(1);
        j.set("db1:greeting", "hello from db 1");
        j.select(0);
    }
}
