package dev.ferry.verify;

/** The comparison cannot go on (a server refused a command Ferry needs): exit 2 with this one line. */
public final class VerifyException extends RuntimeException {
    public VerifyException(String message) {
        super(message);
    }

    public VerifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
