package dev.ferry.config;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Section {@code [flink]} (Ferry's own; RedisShake has no such section).
 *
 * <pre>
 * [flink]
 * parallelism = 1               # default 1
 * checkpoint_interval = "10s"   # integer milliseconds or "500ms", "10s", "1m", "1h"; default 10s
 * checkpoint_dir = "/var/lib/ferry/checkpoints"   # default: [advanced] dir + "/checkpoints"
 * delivery = "at-least-once"    # or "exactly-once"
 * </pre>
 *
 * @param parallelism        parallelism of the Flink job, at least 1
 * @param checkpointInterval time between checkpoints, at least 10 ms (Flink's minimum)
 * @param checkpointDir      local directory for checkpoints, absolute
 * @param delivery           what a restart does to the replicated commands written since the last checkpoint
 */
public record FlinkConfig(int parallelism, Duration checkpointInterval, Path checkpointDir, Delivery delivery)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_PARALLELISM = 1;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    /** The default checkpoint directory, relative to {@code [advanced] dir}. */
    public static final String DEFAULT_CHECKPOINT_SUBDIR = "checkpoints";
    /** Flink refuses checkpoint intervals below 10 ms. */
    public static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofMillis(10);
    public static final Delivery DEFAULT_DELIVERY = Delivery.AT_LEAST_ONCE;

    public FlinkConfig {
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        Objects.requireNonNull(delivery, "delivery");
    }

    // java.nio.file.Path is not Serializable: ship checkpointDir as a string.
    @Serial
    private Object writeReplace() {
        return new Ser(parallelism, checkpointInterval, checkpointDir.toString(), delivery);
    }

    private record Ser(int parallelism, Duration checkpointInterval, String checkpointDir, Delivery delivery) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new FlinkConfig(parallelism, checkpointInterval, Path.of(checkpointDir), delivery);
        }
    }
}
