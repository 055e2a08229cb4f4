package dev.ferry.sink.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.TransactionEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class WriterStateSerializerTest {
    private static final String SPLIT = "127.0.0.1:7000";
    private static final WriterStateSerializer SERIALIZER = WriterStateSerializer.INSTANCE;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final PendingBatch FIRST = new PendingBatch("run-a-7", 7, 1, List.of(
            CommandEvent.of(0, SPLIT, 100, new int[] {1}, b("INCRBY"), b("c:1"), b("5")),
            new TransactionEvent(List.of(
                    CommandEvent.of(2, SPLIT, 110, new int[] {1}, b("LPUSH"), b("{u}l"), new byte[] {0, (byte) 0xff}),
                    CommandEvent.of(3, SPLIT, 120, new int[0], b("FLUSHDB"))), SPLIT, 125),
            new KeyEvent(0, b("k"), 0, new byte[] {0, 1, 'x', 10, 0, 1, 2, 3, 4, 5, 6, 7, 8}, 1_900_000_000_000L, -1, 3,
                    SPLIT, 130)));
    private static final PendingBatch SECOND = new PendingBatch("run-a-8", 8, 1, List.of(
            CommandEvent.of(5, SPLIT, 140, new int[] {1, 3}, b("MSET"), b("a"), b("1"), b("b"), b("2"))));

    @Test
    void roundTripKeepsTheRunIdTheStampAndEveryHeldEventInOrder() throws IOException {
        WriterState state = new WriterState(1, "0f3c9a", 8, List.of(FIRST, SECOND));

        WriterState back = roundTrip(state);

        assertThat(back).isEqualTo(state);
        assertThat(back.pending().get(0).items()).hasSize(3).first().isInstanceOf(CommandEvent.class);
        assertThat(back.pending().get(0).items().get(2)).isInstanceOf(KeyEvent.class);
        assertThat(((TransactionEvent) back.pending().get(0).items().get(1)).commands().get(1).db()).isEqualTo(3);
    }

    @Test
    void aStateWithoutHeldBatchesOrTargetRoundTrips() throws IOException {
        WriterState state = new WriterState(0, "", -1, List.of());
        assertThat(roundTrip(state)).isEqualTo(state);
    }

    @Test
    void theSerializersSnapshotRestoresItCompatibleAsIs() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, SERIALIZER.snapshotConfiguration());
        TypeSerializerSnapshot<WriterState> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(restored.restoreSerializer()).isEqualTo(SERIALIZER);
        assertThat(SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
    }

    @Test
    void anUnknownVersionIsRefusedNamingIt() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(new WriterState(0, "", -1, List.of(SECOND)), out);
        byte[] bytes = out.getCopyOfBuffer();
        bytes[3] = 2; // the leading int
        assertThatThrownBy(() -> SERIALIZER.deserialize(new DataInputDeserializer(bytes)))
                .hasMessageContaining("unknown version 2 of the writer's checkpointed state");
    }

    /** Reads exactly what it wrote, and copy() writes the same bytes. */
    private static WriterState roundTrip(WriterState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(state, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        WriterState back = SERIALIZER.deserialize(in);
        assertThat(in.available()).isZero();
        DataOutputSerializer copied = new DataOutputSerializer(64);
        SERIALIZER.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        return back;
    }
}
