package dev.ferry.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.source.enumerator.PendingSplits;
import dev.ferry.source.enumerator.PendingSplitsSerializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanSplitSerializerTest {
    private final ScanSplitSerializer serializer = ScanSplitSerializer.INSTANCE;

    private ScanSplit roundTrip(ScanSplit split) throws IOException {
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
    }

    @Test
    void freshSplit() throws IOException {
        ScanSplit split = ScanSplit.of("127.0.0.1", 6379);
        assertThat(roundTrip(split)).isEqualTo(split);
        assertThat(split.splitId()).isEqualTo("127.0.0.1:6379");
        assertThat(split.position()).isNull();
    }

    @Test
    void midScanWithACursorAboveLongMax() throws IOException {
        long cursor = Long.parseUnsignedLong("18446744073709551000");
        ScanSplit split = ScanSplit.of("::1", 7000).withPosition(new ScanPosition(13, cursor, false));
        assertThat(split.address()).isEqualTo("[::1]:7000");
        ScanSplit back = roundTrip(split);
        assertThat(back).isEqualTo(split);
        assertThat(back.position()).hasToString("db 13 cursor 18446744073709551000");
    }

    @Test
    void scanned() throws IOException {
        ScanSplit split = ScanSplit.of("h", 1).withPosition(ScanPosition.done(5));
        assertThat(roundTrip(split).position().scanned()).isTrue();
        assertThat(roundTrip(split)).isEqualTo(split);
    }

    @Test
    void unknownVersionAndTrailingBytesFailClearly() throws IOException {
        byte[] bytes = serializer.serialize(ScanSplit.of("h", 1));
        assertThatThrownBy(() -> serializer.deserialize(2, bytes)).isInstanceOf(IOException.class)
                .hasMessageContaining("scan split in serialization version 2");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> serializer.deserialize(1, longer)).isInstanceOf(IOException.class)
                .hasMessageContaining("1 unexpected trailing bytes");
    }

    @Test
    void enumeratorStateKeepsScanSplits() throws IOException {
        PendingSplitsSerializer<ScanSplit> states = new PendingSplitsSerializer<>(serializer, "scan");
        List<ScanSplit> splits = List.of(ScanSplit.of("a", 1), ScanSplit.of("b", 2).withPosition(ScanPosition.startOf(3)));
        assertThat(states.deserialize(states.getVersion(), states.serialize(new PendingSplits<>(splits)))
                .remainingSplits()).containsExactlyElementsOf(splits);
    }
}
