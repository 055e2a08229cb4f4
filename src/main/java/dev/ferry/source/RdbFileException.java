package dev.ferry.source;

import java.io.IOException;

/** An RDB file could not be read (missing, unreadable, damaged); the message starts with the file's path. */
public class RdbFileException extends IOException {
    public RdbFileException(String message) {
        super(message);
    }

    public RdbFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
