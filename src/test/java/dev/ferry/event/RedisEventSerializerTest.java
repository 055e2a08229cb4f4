package dev.ferry.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RedisEventSerializerTest {
    private static final RedisEventSerializer SERIALIZER = RedisEventSerializer.INSTANCE;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final CommandEvent EVAL = CommandEvent.of(3, "127.0.0.1:7000", 987_654_321L, new int[] {3, 4},
            b("EVAL"), b("return 1"), b("2"), b("clé"), new byte[] {0, (byte) 0xff}, b("arg"));

    @Test
    void keyAndCommandEventsSurviveInOneStream() throws IOException {
        KeyEvent key = new KeyEvent(2, b("k"), 0, new byte[] {0, 1}, 5, -1, 3, "f.rdb", 77);
        CommandEvent load = CommandEvent.of(0, "f.rdb", 9, new int[0], b("FUNCTION"), b("LOAD"), b("#!lua name=x\n"));
        List<RedisEvent> events = List.of(key, EVAL, load, key);

        DataOutputSerializer out = new DataOutputSerializer(64);
        for (RedisEvent e : events) {
            SERIALIZER.serialize(e, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (RedisEvent e : events) {
            assertThat(SERIALIZER.deserialize(in)).isEqualTo(e);
        }
        assertThat(in.available()).isZero();
        assertThat(SerializerRoundTrip.of(SERIALIZER, (RedisEvent) EVAL)).isEqualTo(EVAL);
        assertThat(SerializerRoundTrip.of(SERIALIZER, (RedisEvent) key)).isEqualTo(key);
    }

    @Test
    void commandEventSerializerKeepsEveryField() throws IOException {
        CommandEvent back = SerializerRoundTrip.of(CommandEventSerializer.INSTANCE, EVAL);
        assertThat(back).isEqualTo(EVAL);
        assertThat(back.name()).isEqualTo("EVAL");
        assertThat(back.routingKey()).isEqualTo(b("clé"));
        assertThat(back.key(1)).containsExactly(0, 0xff);
        CommandEvent noKeys = CommandEvent.of(0, null, -1, new int[0], b("flushall"));
        assertThat(SerializerRoundTrip.of(CommandEventSerializer.INSTANCE, noKeys)).isEqualTo(noKeys);
        assertThat(noKeys.routingKey()).isEmpty();
        assertThat(noKeys.name()).isEqualTo("FLUSHALL");
    }

    @Test
    void anUnknownTagIsACorruptRecord() {
        assertThatThrownBy(() -> SERIALIZER.deserialize(new DataInputDeserializer(new byte[] {7})))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown tag 7");
    }

    @Test
    void snapshotsRestoreCompatibleSerializers() throws IOException {
        SerializerRoundTrip.snapshotRestores(SERIALIZER);
        SerializerRoundTrip.snapshotRestores(CommandEventSerializer.INSTANCE);
    }

    @Test
    void flinkFindsTheTypeInfoThroughTheAnnotation() {
        TypeInformation<RedisEvent> info = TypeInformation.of(RedisEvent.class);
        assertThat(info).isEqualTo(RedisEventTypeInfo.INSTANCE);
        assertThat(info.createSerializer(new SerializerConfigImpl())).isSameAs(SERIALIZER);
    }

    @Test
    void printableCommandQuotesBinaryArguments() {
        assertThat(EVAL.printable()).isEqualTo("EVAL return 1 2 cl\\xc3\\xa9 \\x00\\xff arg");
    }
}
