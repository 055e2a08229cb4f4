package dev.ferry.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ArrivalMarksTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void theAgeIsOfTheFirstByteAfterWhatWasAcknowledged() {
        ArrivalMarks marks = new ArrivalMarks();
        marks.mark(100, 1_000 * MS);
        marks.mark(200, 2_000 * MS);
        marks.mark(300, 3_000 * MS);
        assertThat(marks.ageMillis(0, 300, 5_000 * MS)).isEqualTo(4_000);
        assertThat(marks.ageMillis(150, 300, 5_000 * MS)).as("byte 151 arrived by the mark at 2 s").isEqualTo(3_000);
        assertThat(marks.ageMillis(300, 300, 5_000 * MS)).as("everything acknowledged").isZero();
    }

    @Test
    void marksAreAtMostOnePerResolutionAndOnlyWhenTheSpoolGrew() {
        ArrivalMarks marks = new ArrivalMarks();
        marks.mark(100, 1_000 * MS);
        marks.mark(150, 1_010 * MS);
        marks.mark(150, 2_000 * MS);
        marks.mark(150, 2_500 * MS);
        assertThat(marks.ageMillis(120, 150, 3_000 * MS)).as("byte 121 is dated by the first later mark that saw it")
                .isEqualTo(1_000);
        marks.mark(200, 3_000 * MS);
        assertThat(marks.ageMillis(150, 200, 4_000 * MS)).isEqualTo(1_000);
    }

    @Test
    void manyMarksAreThinnedKeepingTheOldest() {
        ArrivalMarks marks = new ArrivalMarks();
        for (int i = 1; i <= 3 * ArrivalMarks.MAX_MARKS; i++) {
            marks.mark(i, i * 100 * MS);
        }
        assertThat(marks.ageMillis(0, 3L * ArrivalMarks.MAX_MARKS, 3L * ArrivalMarks.MAX_MARKS * 100 * MS))
                .isEqualTo((3L * ArrivalMarks.MAX_MARKS - 1) * 100);
    }
}
