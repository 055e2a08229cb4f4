package dev.ferry.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class KeyEventSerializerTest {
    private final KeyEventSerializer serializer = KeyEventSerializer.INSTANCE;

    private KeyEvent roundTrip(KeyEvent e) throws IOException {
        return SerializerRoundTrip.of(serializer, e);
    }

    @Test
    void allFieldsSurvive() throws IOException {
        KeyEvent e = new KeyEvent(15, "clé-😀".getBytes(java.nio.charset.StandardCharsets.UTF_8), 18,
                new byte[] {0, 1, 2, (byte) 0xff}, 1_700_000_000_123L, 42, 7, "/data/sauvegarde été.rdb", 123_456_789_012L);
        KeyEvent back = roundTrip(e);
        assertThat(back).isEqualTo(e);
        assertThat(back.splitId()).isEqualTo("/data/sauvegarde été.rdb");
        assertThat(back.hasExpire()).isTrue();
    }

    @Test
    void emptyArraysAndNullSplitId() throws IOException {
        KeyEvent e = new KeyEvent(0, new byte[0], 0, new byte[0], KeyEvent.NO_EXPIRE, -1, -1, null, -1);
        KeyEvent back = roundTrip(e);
        assertThat(back).isEqualTo(e);
        assertThat(back.key()).isEmpty();
        assertThat(back.splitId()).isNull();
    }

    @Test
    void largePayload() throws IOException {
        byte[] big = new byte[8 << 20];
        new Random(1).nextBytes(big);
        KeyEvent e = new KeyEvent(3, new byte[] {'k'}, 0, big, KeyEvent.NO_EXPIRE, -1, -1, "s", 9);
        assertThat(roundTrip(e).payload()).isEqualTo(big);
    }

    @Test
    void manyEventsInOneStream() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int i = 0; i < 100; i++) {
            serializer.serialize(new KeyEvent(i % 16, ("k" + i).getBytes(), i % 20, new byte[i], i, i, i, "s" + i, i), out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (int i = 0; i < 100; i++) {
            assertThat(serializer.deserialize(in))
                    .isEqualTo(new KeyEvent(i % 16, ("k" + i).getBytes(), i % 20, new byte[i], i, i, i, "s" + i, i));
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws IOException {
        SerializerRoundTrip.snapshotRestores(serializer);
    }

    @Test
    void equalityIsByContent() {
        KeyEvent a = new KeyEvent(1, new byte[] {1}, 0, new byte[] {2}, -1, -1, -1, "s", 5);
        KeyEvent b = new KeyEvent(1, new byte[] {1}, 0, new byte[] {2}, -1, -1, -1, "s", 5);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new KeyEvent(1, new byte[] {1}, 0, new byte[] {3}, -1, -1, -1, "s", 5));
    }
}
