package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Streams that differ only in their groups are told apart. */
class KeyComparatorTest {
    @RegisterExtension
    static RedisServerExtension a = RedisServerExtension.redis70();
    @RegisterExtension
    static RedisServerExtension b = RedisServerExtension.redis70();

    private static final byte[] KEY = "s".getBytes(StandardCharsets.UTF_8);

    @Test
    void equalStreamsAreEqual() {
        assertThat(compare(j -> { }, j -> { })).isNull();
    }

    @Test
    void aPendingEntryWithAnotherDeliveryCountDiffers() {
        assertThat(compare(j -> { }, j -> TestData.cmd(j, "XCLAIM", "s", "g", "alice", "0", "1-1", "RETRYCOUNT", "5", "JUSTID")))
                .contains("pending entry differs");
    }

    @Test
    void aPendingEntryDeliveredAtAnotherTimeDiffers() {
        assertThat(compare(j -> { }, j -> TestData.cmd(j, "XCLAIM", "s", "g", "alice", "0", "1-1", "TIME", "1000", "JUSTID")))
                .contains("pending entry differs");
    }

    @Test
    void aMissingConsumerDiffers() {
        assertThat(compare(j -> { }, j -> TestData.cmd(j, "XGROUP", "DELCONSUMER", "s", "g", "idle")))
                .contains("consumers");
    }

    @Test
    void anotherEntriesAddedCounterDiffers() {
        assertThat(compare(j -> { }, j -> TestData.cmd(j, "XSETID", "s", "1-3", "ENTRIESADDED", "9")))
                .contains("entries-added");
    }

    private static String compare(Consumer<Jedis> changeA, Consumer<Jedis> changeB) {
        try (Jedis ja = a.jedis(); Jedis jb = b.jedis()) {
            for (Jedis j : new Jedis[] {ja, jb}) {
                TestData.cmd(j, "XADD", "s", "1-1", "f", "v");
                TestData.cmd(j, "XADD", "s", "1-2", "f", "v");
                TestData.cmd(j, "XGROUP", "CREATE", "s", "g", "0");
                TestData.cmd(j, "XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "s", ">");
                TestData.cmd(j, "XGROUP", "CREATECONSUMER", "s", "g", "idle");
                TestData.cmd(j, "XCLAIM", "s", "g", "alice", "0", "1-1", "TIME", "1700000000000", "JUSTID");
            }
            changeA.accept(ja);
            changeB.accept(jb);
            return new KeyComparator(1000).difference(ja, jb, KEY);
        }
    }
}
