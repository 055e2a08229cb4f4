package dev.ferry.cli;

/** A problem with what the user gave us (a path, an option, a config value), reported with exit code 2. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
