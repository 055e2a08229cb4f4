package dev.ferry.ratelimit;

import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * Ferry's per-job rate limits ({@code [scan_reader] max_qps} on the source, {@code [advanced] target_redis_max_qps}
 * on the target): Flink's token bucket, the job's rate shared evenly among the subtasks, each with a limiter of its own.
 */
public final class RateLimits {
    private RateLimits() {}

    /** One subtask's limiter of a job-wide {@code qps}; 0 = no limit. */
    @SuppressWarnings("unchecked")
    public static <S extends org.apache.flink.api.connector.source.SourceSplit> RateLimiter<S> perSubtask(long qps, int subtasks) {
        RateLimiterStrategy<S> strategy = qps > 0 ? RateLimiterStrategy.perSecond(qps) : RateLimiterStrategy.noOp();
        return strategy.createRateLimiter(subtasks);
    }

    /**
     * Waits for {@code permits}.
     *
     * @param setting the config key that sets the limit, for the message when the wait is interrupted
     */
    public static void acquire(RateLimiter<?> limiter, int permits, String setting) throws InterruptedIOException {
        try {
            limiter.acquire(permits).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + setting);
        } catch (ExecutionException e) {
            throw new IllegalStateException("rate limiter failed: " + e.getCause(), e.getCause());
        }
    }
}
