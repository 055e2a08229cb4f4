package dev.ferry.cli.run;

import dev.ferry.cli.BadInputException;
import dev.ferry.rdb.RdbFormatException;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.sink.ConflictPanicException;
import dev.ferry.sink.TargetWriteException;
import dev.ferry.source.RdbFileException;
import dev.ferry.source.sync.SpoolWriteException;
import java.io.UncheckedIOException;
import org.apache.flink.runtime.jobmaster.JobResult;

/**
 * Digs the cause a user can act on out of Flink's wrapping (JobExecutionException, restarts,
 * SuppressRestartsException, ...) and rethrows it, so the CLI prints one meaningful line.
 */
final class JobFailures {
    private JobFailures() {}

    static void throwIfFailed(JobResult result) {
        if (result.isSuccess()) {
            return;
        }
        Throwable t = result.getSerializedThrowable()
                .map(s -> s.deserializeError(Thread.currentThread().getContextClassLoader()))
                .orElse(new IllegalStateException("the Flink job failed without a reported cause"));
        throw actionable(t);
    }

    static RuntimeException actionable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RdbFormatException || c instanceof RdbFileException) {
                return new BadInputException(c.getMessage(), c);
            }
            if (c instanceof ConflictPanicException || c instanceof TargetWriteException || c instanceof RedisConnectException) {
                // RedisConnectException includes a source that offers only SYNC, or refuses PSYNC and SYNC
                return (RuntimeException) c;
            }
            if (c instanceof SpoolWriteException full) {
                // its message names the spool's directory under [advanced] dir and the fix (usually a full disk)
                return new UncheckedIOException(full.getMessage(), full);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new IllegalStateException("the migration job failed: " + root, t);
    }
}
