package dev.ferry.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCapForABoundedNumberOfAttempts() {
        Backoff b = Backoff.DEFAULT;
        assertThat(b.delay(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(b.delay(40)).isEqualTo(Duration.ofSeconds(16));
        assertThat(b.total()).isEqualTo(Duration.ofSeconds(1 + 2 + 4 + 8 + 16 + 16 + 16 + 16));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
