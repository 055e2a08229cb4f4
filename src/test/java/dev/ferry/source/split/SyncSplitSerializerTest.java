package dev.ferry.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.rdb.ResumePoint;
import dev.ferry.source.enumerator.PendingSplits;
import dev.ferry.source.enumerator.PendingSplitsSerializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SyncSplitSerializerTest {
    private static final String REPLID = "8de1a3d0b0a7f4c6a2d11d5bde7a3b2c9f0e1d2c";
    private final SyncSplitSerializer serializer = SyncSplitSerializer.INSTANCE;

    private SyncSplit roundTrip(SyncSplit split) throws IOException {
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
    }

    @Test
    void freshSplit() throws IOException {
        SyncSplit split = SyncSplit.of("127.0.0.1:6379");
        assertThat(roundTrip(split)).isEqualTo(split);
        assertThat(split.position()).isNull();
    }

    @Test
    void midSnapshot() throws IOException {
        SyncSplit split = new SyncSplit("src", new SourceLocator.Server("[::1]:7000"), new SyncPosition(REPLID, 4_000_000_000L, 0,
                new SyncPosition.SnapshotProgress(123, new ResumePoint(987_654, 5, -42, 10))));
        assertThat(roundTrip(split)).isEqualTo(split);
        assertThat(split.position().snapshot().spoolPosition()).isEqualTo(123 + 987_654);
    }

    @Test
    void streaming() throws IOException {
        SyncSplit split = new SyncSplit("src", new SourceLocator.Server("h:1"),
                SyncPosition.streaming(REPLID, Long.MAX_VALUE - 1, 15));
        assertThat(roundTrip(split)).isEqualTo(split);
    }

    @Test
    void sentinelAndClusterShardLocators() throws IOException {
        SyncSplit sentinel = new SyncSplit("sentinel-mymaster", new SourceLocator.SentinelMaster("s:26379", "mymaster"),
                SyncPosition.streaming(REPLID, 42, 0));
        assertThat(roundTrip(sentinel)).isEqualTo(sentinel);
        SyncSplit shard = new SyncSplit("cluster-slots-0-5460",
                new SourceLocator.ClusterShard(0, List.of("n1:7000", "[::1]:7001")), null);
        assertThat(roundTrip(shard)).isEqualTo(shard);
    }

    /** Version 1 was written by the standalone-only sync reader: its address becomes a server locator. */
    @Test
    void readsVersionOne() throws IOException {
        DataOutputSerializer v1 = new DataOutputSerializer(64);
        SplitCodec.writeString("h:1", v1);
        SplitCodec.writeString("h:1", v1);
        v1.writeBoolean(true);
        SplitCodec.writeString(REPLID, v1);
        v1.writeLong(77);
        v1.writeInt(3);
        v1.writeBoolean(false);
        assertThat(serializer.deserialize(1, v1.getCopyOfBuffer()))
                .isEqualTo(new SyncSplit("h:1", new SourceLocator.Server("h:1"), SyncPosition.streaming(REPLID, 77, 3)));
    }

    @Test
    void unknownVersionAndTrailingBytesFailClearly() throws IOException {
        byte[] bytes = serializer.serialize(SyncSplit.of("h:1"));
        assertThatThrownBy(() -> serializer.deserialize(3, bytes)).isInstanceOf(IOException.class)
                .hasMessageContaining("replica split in serialization version 3");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> serializer.deserialize(2, longer)).isInstanceOf(IOException.class)
                .hasMessageContaining("1 unexpected trailing bytes");
    }

    @Test
    void enumeratorStateKeepsReplicaSplits() throws IOException {
        PendingSplitsSerializer<SyncSplit> states = new PendingSplitsSerializer<>(serializer, "replica");
        List<SyncSplit> splits = List.of(SyncSplit.of("a:1"),
                new SyncSplit("b:2", new SourceLocator.Server("b:2"), SyncPosition.streaming(REPLID, 77, 3)));
        assertThat(states.deserialize(states.getVersion(), states.serialize(new PendingSplits<>(splits)))
                .remainingSplits()).containsExactlyElementsOf(splits);
    }
}
