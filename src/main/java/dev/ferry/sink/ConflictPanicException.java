package dev.ferry.sink;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * Policy {@code panic} met an existing key: the migration stops and tells the user the ways on. Flink does not restart
 * the job for it: the key would meet the same policy again.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class ConflictPanicException extends RuntimeException {
    public ConflictPanicException(String message) {
        super(message);
    }
}
