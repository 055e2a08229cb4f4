package dev.ferry.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.rdb.ResumePoint;
import dev.ferry.source.split.RdbFileSplit;
import dev.ferry.source.split.RdbFileSplitSerializer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingSplitsSerializerTest {
    private final PendingSplitsSerializer<RdbFileSplit> serializer = new PendingSplitsSerializer<>(RdbFileSplitSerializer.INSTANCE, "RDB file");

    private PendingSplits<RdbFileSplit> roundTrip(PendingSplits<RdbFileSplit> state) throws IOException {
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
    }

    @Test
    void emptyState() throws IOException {
        assertThat(roundTrip(new PendingSplits<>(List.of())).remainingSplits()).isEmpty();
    }

    @Test
    void splitsKeepTheirOrderAndPositions() throws IOException {
        List<RdbFileSplit> splits = List.of(
                RdbFileSplit.of(Path.of("/a/1.rdb")),
                new RdbFileSplit("/b/ü.rdb", Path.of("/b/ü.rdb"), new ResumePoint(1234, 2, -5, 11)),
                RdbFileSplit.of(Path.of("/c/3.rdb")));
        assertThat(roundTrip(new PendingSplits<>(splits)).remainingSplits()).containsExactlyElementsOf(splits);
    }

    @Test
    void unknownVersionFailsClearly() throws IOException {
        byte[] bytes = serializer.serialize(new PendingSplits<>(List.of(RdbFileSplit.of(Path.of("/a.rdb")))));
        assertThatThrownBy(() -> serializer.deserialize(7, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 7");
    }

    @Test
    void unknownSplitVersionInsideTheStateFailsClearly() throws IOException {
        byte[] bytes = serializer.serialize(new PendingSplits<>(List.of(RdbFileSplit.of(Path.of("/a.rdb")))));
        bytes[3] = 9; // the embedded split serializer version (big-endian int at offset 0)
        assertThatThrownBy(() -> serializer.deserialize(1, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("split in serialization version 9");
    }
}
