package dev.ferry.sink.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ferry.testing.RedisServerExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;

/** Ferry's slot function against CLUSTER KEYSLOT of a real server (which needs cluster mode, not slots). */
class SlotsTest {

    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.redis70()
            .withArgs("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
            .keepDataBetweenTests();

    @Test
    void crc16IsXmodem() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Slots.crc16(check, 0, check.length)).isEqualTo(0x31C3);
    }

    @Test
    void edgeCasesOfHashTagsMatchTheServer() {
        List<byte[]> keys = new ArrayList<>();
        for (String k : new String[] {"", "{}", "{a}{b}", "a{", "}{a}", "{a}", "a}", "{", "}", "{{a}}", "a{}b{c}",
                "{}{a}", "user:{1000}:name", "{user:1000}", "foo", "bar", "\u20ac{\u20ac}", "{ }"}) {
            keys.add(k.getBytes(StandardCharsets.UTF_8));
        }
        keys.add(new byte[] {'{', 0, '}'});
        keys.add(new byte[] {(byte) 0xff, '{', (byte) 0x80, (byte) 0xfe, '}', 0});
        assertSameSlotsAsServer(keys);
    }

    @Test
    void randomBinaryKeysWithAndWithoutBracesMatchTheServer() {
        Random random = new Random(20240501);
        byte[] alphabet = {'{', '}', 'a', 'b', 0, (byte) 0xff, (byte) 0x7b, ':', (byte) 0x80};
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[random.nextInt(24)];
            boolean fewSymbols = i % 2 == 0;
            for (int j = 0; j < key.length; j++) {
                key[j] = fewSymbols ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            keys.add(key);
        }
        assertSameSlotsAsServer(keys);
    }

    private static void assertSameSlotsAsServer(List<byte[]> keys) {
        List<Response<Object>> replies = new ArrayList<>();
        try (Jedis j = redis.jedis()) {
            Pipeline p = j.pipelined();
            for (byte[] key : keys) {
                replies.add(p.sendCommand(Protocol.Command.CLUSTER, "KEYSLOT".getBytes(StandardCharsets.US_ASCII), key));
            }
            p.sync();
        }
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = keys.get(i);
            assertThat((long) Slots.slot(key)).as("slot of %s", java.util.Arrays.toString(key))
                    .isEqualTo(replies.get(i).get());
        }
    }
}
