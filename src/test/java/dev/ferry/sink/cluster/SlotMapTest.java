package dev.ferry.sink.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;

/** Invariants of SlotMap itself; how it is read from real servers is in SlotMapLoader*ITCase. */
class SlotMapTest {

    private static final RedisEndpoint SEED = new RedisEndpoint("10.0.0.1", 7000, "u", "p", TlsSettings.defaultTrust("redis_writer"), "target [redis_writer]");

    @Test
    void shardsAreOrderedByLowestSlotWithRangesSortedAndReplicasSortedByAddress() {
        SlotMapBuilder b = new SlotMapBuilder(SEED);
        b.add(b.node(bytes("10.0.0.2"), 7001L), List.of(b.node(bytes("10.0.0.9"), 7000L)), 9000, Slots.COUNT - 1);
        b.add(b.node(bytes("10.0.0.1"), 7000L), List.of(), 100, 8999);
        b.add(b.node(bytes("10.0.0.2"), 7001L), List.of(b.node(bytes("10.0.0.3"), 7000L)), 0, 99);

        SlotMap map = b.build();

        assertThat(map.masters()).extracting(RedisEndpoint::address).containsExactly("10.0.0.2:7001", "10.0.0.1:7000");
        assertThat(map.shard(0).ranges()).containsExactly(new SlotMap.SlotRange(0, 99),
                new SlotMap.SlotRange(9000, Slots.COUNT - 1));
        assertThat(map.shard(0).replicas()).extracting(RedisEndpoint::address)
                .containsExactly("10.0.0.3:7000", "10.0.0.9:7000");
        assertThat(map.master(100).address()).isEqualTo("10.0.0.1:7000");
        assertThat(map.master(Slots.COUNT - 1).address()).isEqualTo("10.0.0.2:7001");
        assertThat(map.nodes()).hasSize(4);
        assertThat(map.unservedSlots()).isZero();
    }

    @Test
    void nodesCarryTheSeedsCredentialsAndEmptyOrUnknownHostsBecomeTheSeedsHost() {
        SlotMapBuilder b = new SlotMapBuilder(SEED);
        for (Object host : new Object[] {null, bytes(""), bytes("?")}) {
            assertThat(b.node(host, 7005L)).isEqualTo(new RedisEndpoint("10.0.0.1", 7005, "u", "p", TlsSettings.defaultTrust("redis_writer"),
                    "target [redis_writer]"));
        }
        assertThat(b.node(bytes("redis-3.example"), 6380L).host()).isEqualTo("redis-3.example");
    }

    @Test
    void aSlotNoMasterServesIsCountedAndNamedWhenAskedFor() {
        SlotMapBuilder b = new SlotMapBuilder(SEED);
        b.add(b.node(bytes("10.0.0.1"), 7000L), List.of(), 0, 16000);
        SlotMap map = b.build();

        assertThat(map.unservedSlots()).isEqualTo(Slots.COUNT - 16001);
        assertThatThrownBy(() -> map.master(16001)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("slot 16001 is not served by any master");
    }

    @Test
    void overlappingRangesAreRejected() {
        SlotMapBuilder b = new SlotMapBuilder(SEED);
        b.add(b.node(bytes("10.0.0.1"), 7000L), List.of(), 0, 100);
        b.add(b.node(bytes("10.0.0.2"), 7000L), List.of(), 100, 200);

        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slot 100 is served by both 10.0.0.1:7000 and 10.0.0.2:7000");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
