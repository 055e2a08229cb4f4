package dev.ferry.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.junit.jupiter.api.Test;

class TransactionEventSerializerTest {
    private static final String SPLIT = "127.0.0.1:7000";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** SET in db 2, then a SELECT inside the block moved the second command to db 3. */
    private static final TransactionEvent BLOCK = new TransactionEvent(List.of(
            CommandEvent.of(2, SPLIT, 100, new int[] {1}, b("SET"), b("{u}a"), new byte[] {0, (byte) 0xff}),
            CommandEvent.of(3, SPLIT, 120, new int[] {1, 2}, b("RENAME"), b("{u}b"), b("{u}c")),
            CommandEvent.of(3, SPLIT, 130, new int[0], b("FLUSHDB"))), SPLIT, 135);

    @Test
    void roundTripKeepsEveryCommandAndField() throws IOException {
        TransactionEvent back = SerializerRoundTrip.of(TransactionEventSerializer.INSTANCE, BLOCK);

        assertThat(back).isEqualTo(BLOCK);
        assertThat(back.commands()).hasSize(3);
        assertThat(back.commands().get(1).db()).isEqualTo(3);
        assertThat(back.db()).isEqualTo(2);
        assertThat(back.routingKey()).isEqualTo(b("{u}a"));
        assertThat(back.position()).isEqualTo(135);
    }

    @Test
    void travelsInTheEventStreamUnderItsOwnTag() throws IOException {
        assertThat(SerializerRoundTrip.of(RedisEventSerializer.INSTANCE, (RedisEvent) BLOCK)).isEqualTo(BLOCK);
        SerializerRoundTrip.snapshotRestores(TransactionEventSerializer.INSTANCE);
    }

    @Test
    void aBlockOfKeylessCommandsRoutesOnTheEmptyKey() {
        TransactionEvent keyless = new TransactionEvent(List.of(CommandEvent.of(0, SPLIT, 1, new int[0], b("FLUSHALL"))), SPLIT, 2);
        assertThat(keyless.routingKey()).isEmpty();
        assertThat(keyless.printable()).isEqualTo("MULTI; FLUSHALL; EXEC");
    }

    @Test
    void aRecordWithoutCommandsIsCorrupt() {
        assertThatThrownBy(() -> TransactionEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(new byte[] {0, 0, 0, 0})))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("0 commands");
    }
}
