package dev.ferry.source.sync;

import java.io.IOException;

/**
 * The spool could not be written (usually a full disk). The spool keeps every byte appended before the failed
 * write and refuses further appends, so what is on disk is never a corrupt stream.
 */
public class SpoolWriteException extends IOException {
    public SpoolWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
