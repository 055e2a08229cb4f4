package dev.ferry.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsistencyWindowTest {
    private static final long MS = 1_000_000;
    private final ConsistencyWindow window = new ConsistencyWindow(Duration.ofSeconds(2));

    @Test
    void holdsOnceCaughtUpForTheWholeWindow() {
        assertThat(window.observe(0, true)).isFalse();
        assertThat(window.observe(1_000 * MS, true)).as("only 1 s seen").isFalse();
        assertThat(window.observe(2_000 * MS, true)).isTrue();
    }

    @Test
    void aWriteAppliedInsideTheWindowDoesNotRestartIt() {
        window.observe(0, true);
        window.observe(800 * MS, false); // a command arrived
        window.observe(1_000 * MS, true); // and a checkpoint has it on the target
        assertThat(window.observe(2_000 * MS, true)).isTrue();
    }

    @Test
    void notCaughtUpAtEitherEndIsNotConsistent() {
        window.observe(0, false);
        assertThat(window.observe(2_000 * MS, true)).as("behind when the window started").isFalse();
        assertThat(window.observe(2_100 * MS, false)).as("behind now").isFalse();
        window.observe(2_200 * MS, true);
        assertThat(window.observe(4_100 * MS, true)).as("behind at 2.1 s, the newest sample before the window").isFalse();
        assertThat(window.observe(4_200 * MS, true)).isTrue();
    }

    @Test
    void resetStartsOver() {
        window.observe(0, true);
        window.reset();
        assertThat(window.observe(2_000 * MS, true)).isFalse();
        assertThat(window.observe(4_000 * MS, true)).isTrue();
    }
}
