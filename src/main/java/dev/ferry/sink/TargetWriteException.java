package dev.ferry.sink;

/** The target refused a write for a reason other than an existing key; the message says what to do. */
public class TargetWriteException extends RuntimeException {
    public TargetWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
