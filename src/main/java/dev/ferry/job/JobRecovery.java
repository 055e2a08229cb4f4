package dev.ferry.job;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;

/**
 * How a migration job recovers, as {@code ferry run} sets it up: checkpoints under {@code [flink] checkpoint_dir},
 * kept when the job is cancelled or fails (what {@code --resume} continues from), and Flink's exponential-delay
 * restart from the last checkpoint after a failure: 1, 2, 4, 8, 16 s, then every 30 s, {@value #ATTEMPTS} attempts
 * (about four minutes) before the job fails for good. A target restarted or cut off for a few minutes is written
 * again from the last checkpoint once it is back; failures that a restart cannot cure (a conflict under
 * {@code panic}, a damaged RDB file, a SYNC-only source, a full disk under the spool) are marked non-recoverable
 * ({@code @ThrowableAnnotation(NonRecoverableError)} on their exception) and end the job at once.
 */
public final class JobRecovery {
    private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 12;
    /** A job that ran this long without failing starts over at the first, shortest delay. */
    private static final Duration RESET_AFTER = Duration.ofMinutes(10);

    private JobRecovery() {}

    public static Configuration settings(Path checkpointDir) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toAbsolutePath().toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, INITIAL_BACKOFF);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, MAX_BACKOFF);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, ATTEMPTS);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, RESET_AFTER);
        return conf;
    }
}
