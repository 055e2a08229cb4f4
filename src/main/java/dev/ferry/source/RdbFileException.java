package dev.ferry.source;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

import java.io.IOException;

/**
 * An RDB file could not be read (missing, unreadable, damaged); the message starts with the file's path. Flink does
 * not restart the job for it: the file would be read the same way again.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class RdbFileException extends IOException {
    public RdbFileException(String message) {
        super(message);
    }

    public RdbFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
