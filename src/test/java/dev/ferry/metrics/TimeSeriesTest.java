package dev.ferry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSeriesTest {

    @Test
    void aLongRunIsThinnedToABoundedNumberOfPointsFromFirstToNewest() {
        TimeSeries series = new TimeSeries();
        int offered = 10 * TimeSeries.MAX_POINTS + 7;
        for (int i = 0; i < offered; i++) {
            series.add(point(i));
        }
        List<TimeSeries.Point> points = series.points();
        assertThat(points.size()).isBetween(TimeSeries.MAX_POINTS / 4, TimeSeries.MAX_POINTS + 1);
        assertThat(points.get(0).atMillis()).isZero();
        assertThat(points.get(points.size() - 1).atMillis()).as("the newest point ends the series").isEqualTo(offered - 1);
        assertThat(points).isSortedAccordingTo((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
    }

    @Test
    void aShortRunKeepsEveryPoint() {
        TimeSeries series = new TimeSeries();
        for (int i = 0; i < 10; i++) {
            series.add(point(i));
        }
        assertThat(series.points()).extracting(TimeSeries.Point::atMillis).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    private static TimeSeries.Point point(long at) {
        return new TimeSeries.Point(at, at, 0, at, 0, 0, 0, 0, -1);
    }
}
