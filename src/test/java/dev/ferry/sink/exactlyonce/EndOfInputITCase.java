package dev.ferry.sink.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.config.Delivery;
import dev.ferry.config.RedisWriterConfig;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.RedisEventTypeInfo;
import dev.ferry.job.RedisEventKeySelector;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.sink.CommandPathSettings;
import dev.ferry.sink.RedisWriterOperator;
import dev.ferry.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * An exactly-once writer holds what arrives after the last checkpoint, and applies it only when the checkpoint Flink
 * takes after the end of the input completes. This proves, on a real MiniCluster, that Flink delivers that completion
 * to the writer before its task finishes: were it not so, a finished job would have dropped the held commands.
 */
class EndOfInputITCase {
    private static final int COUNTERS = 20;
    private static final int INCREMENTS = 3_000;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static RedisServerExtension target = RedisServerExtension.redis70();

    @Test
    void commandsHeldWhenABoundedInputEndsAreAppliedByTheFinalCheckpointOnce() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        RedisWriterConfig writerConfig = new RedisWriterConfig(target.server().address(), "", "", TlsSettings.OFF, false,
                false, null);
        env.fromData(increments(), RedisEventTypeInfo.INSTANCE)
                .keyBy(new RedisEventKeySelector())
                .transform("redis-writer", Types.VOID, new RedisWriterOperator(writerConfig, ConflictPolicy.PANIC, 64,
                        new CommandPathSettings(512, 0), 0, Delivery.EXACTLY_ONCE, "ferry:"));

        env.execute("end of input, exactly once");

        try (Jedis j = target.jedis()) {
            for (int c = 0; c < COUNTERS; c++) {
                assertThat(j.get("c:" + c)).as("counter c:%d", c).isEqualTo(Integer.toString(INCREMENTS / COUNTERS));
            }
            assertThat(j.keys("ferry:stamp:*")).as("the stamps go with the end of the input").isEmpty();
        }
    }

    private static List<RedisEvent> increments() {
        List<RedisEvent> events = new ArrayList<>();
        for (int i = 0; i < INCREMENTS; i++) {
            events.add(CommandEvent.of(0, "127.0.0.1:7000", i, new int[] {1}, b("INCRBY"), b("c:" + i % COUNTERS), b("1")));
        }
        return events;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
