package dev.ferry.sink;

/** Policy {@code panic} met an existing key: the migration stops and tells the user the ways on. */
public class ConflictPanicException extends RuntimeException {
    public ConflictPanicException(String message) {
        super(message);
    }
}
