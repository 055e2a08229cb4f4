package dev.ferry.sink.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SlotTagsTest {

    @Test
    void everySlotHasAShortBraceFreeTagThatHashesToIt() {
        Set<String> distinct = new HashSet<>();
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            String tag = SlotTags.tag(slot);
            assertThat(tag).hasSizeBetween(1, 3).matches("[0-9A-Za-z]+");
            assertThat(Slots.slot(tag.getBytes(StandardCharsets.US_ASCII))).as("slot of tag %s", tag).isEqualTo(slot);
            distinct.add(tag);
        }
        assertThat(distinct).hasSize(Slots.COUNT);
    }

    @Test
    void aTemporaryKeyWithTheTagLandsInTheKeysSlotEvenForKeysWithBraces() {
        String[] keys = {"user:1", "{user}:1", "a{b}c", "{}", "{a}{b}", "a{", "}{a}", "", "{{}}", "\u00ff{\u0000}"};
        for (String k : keys) {
            byte[] key = k.getBytes(StandardCharsets.UTF_8);
            byte[] tmp = ("ferry:tmp:{" + SlotTags.tagFor(key) + "}:" + k).getBytes(StandardCharsets.UTF_8);
            assertThat(Slots.slot(tmp)).as("temporary key for %s", k).isEqualTo(Slots.slot(key));
        }
    }

    @Test
    void buildingTheTableIsCheap() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            SlotTags.build();
            best = Math.min(best, System.nanoTime() - start);
        }
        assertThat(best / 1_000_000).as("ms to build the table (best of 3)").isLessThan(100);
    }

    @Test
    void rejectsSlotsOutOfRange() {
        assertThatThrownBy(() -> SlotTags.tag(Slots.COUNT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16384");
        assertThatThrownBy(() -> SlotTags.tag(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
