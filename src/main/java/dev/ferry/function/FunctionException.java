package dev.ferry.function;

/** A {@code [filter] function} script failed on an event: the job stops rather than drop or mangle it. */
public final class FunctionException extends RuntimeException {
    FunctionException(String message, Throwable cause) {
        super(message, cause);
    }
}
