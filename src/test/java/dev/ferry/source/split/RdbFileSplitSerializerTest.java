package dev.ferry.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.rdb.ResumePoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RdbFileSplitSerializerTest {
    private final RdbFileSplitSerializer serializer = RdbFileSplitSerializer.INSTANCE;

    private RdbFileSplit roundTrip(RdbFileSplit split) throws IOException {
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
    }

    @Test
    void splitFromTheStartKeepsItsNullPosition() throws IOException {
        RdbFileSplit split = RdbFileSplit.of(Path.of("/data/dump.rdb"));
        RdbFileSplit back = roundTrip(split);
        assertThat(back).isEqualTo(split);
        assertThat(back.position()).isNull();
        assertThat(back.splitId()).isEqualTo("/data/dump.rdb");
    }

    @Test
    void resumePointSurvivesWithExtremeValues() throws IOException {
        ResumePoint p = new ResumePoint(Long.MAX_VALUE - 1, 15, 0xfedcba9876543210L, 12);
        RdbFileSplit split = new RdbFileSplit("id", Path.of("/data/dump.rdb"), p);
        assertThat(roundTrip(split).position()).isEqualTo(p);
        ResumePoint negativeCrc = new ResumePoint(9, 0, -1L, 1);
        assertThat(roundTrip(split.withPosition(negativeCrc)).position()).isEqualTo(negativeCrc);
    }

    @Test
    void nonAsciiAndLongPathsSurvive() throws IOException {
        RdbFileSplit unicode = new RdbFileSplit("sauvegarde-été-😀", Path.of("/données/快照/dump 😀.rdb"),
                new ResumePoint(9, 3, 42, 9));
        assertThat(roundTrip(unicode)).isEqualTo(unicode);

        char[] longName = new char[70_000]; // longer than DataOutput.writeUTF allows
        Arrays.fill(longName, 'é');
        RdbFileSplit longPath = RdbFileSplit.of(Path.of("/tmp/" + new String(longName)));
        assertThat(roundTrip(longPath)).isEqualTo(longPath);
    }

    @Test
    void unknownVersionFailsClearly() throws IOException {
        byte[] bytes = serializer.serialize(RdbFileSplit.of(Path.of("/data/dump.rdb")));
        assertThatThrownBy(() -> serializer.deserialize(2, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2")
                .hasMessageContaining("reads version 1");
    }

    @Test
    void truncatedBytesFail() throws IOException {
        byte[] bytes = serializer.serialize(new RdbFileSplit("id", Path.of("/data/dump.rdb"), new ResumePoint(9, 0, 1, 9)));
        assertThatThrownBy(() -> serializer.deserialize(1, Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void stateTurnsBackIntoASplitAtItsLatestPosition() {
        RdbFileSplit split = RdbFileSplit.of(Path.of("/data/dump.rdb"));
        RdbFileSplitState state = new RdbFileSplitState(split);
        assertThat(state.toSplit()).isEqualTo(split);
        ResumePoint p = new ResumePoint(100, 1, 7, 9);
        state.setPosition(p);
        assertThat(state.toSplit()).isEqualTo(split.withPosition(p));
        assertThat(state.splitId()).isEqualTo(split.splitId());
    }
}
