package dev.ferry.source.sync;

import java.io.IOException;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * The spool could not be written (usually a full disk). The spool keeps every byte appended before the failed
 * write and refuses further appends, so what is on disk is never a corrupt stream.
 *
 * <p>Flink does not restart the job for it: a restart would spool the same stream onto the same disk, and a user who
 * frees space or moves {@code [advanced] dir} continues with {@code --resume}.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class SpoolWriteException extends IOException {
    public SpoolWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
