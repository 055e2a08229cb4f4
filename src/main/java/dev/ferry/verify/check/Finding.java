package dev.ferry.verify.check;

import java.util.Objects;

/**
 * One conclusion of {@code ferry check}.
 *
 * @param severity whether it stops the migration
 * @param topic    what it is about: {@code memory}, {@code collisions}, {@code acl}, ...
 * @param message  what was found and, for blockers and warnings, what to do about it
 */
public record Finding(Severity severity, String topic, String message) {
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
    }

    public static Finding blocker(String topic, String message) {
        return new Finding(Severity.BLOCKER, topic, message);
    }

    public static Finding warning(String topic, String message) {
        return new Finding(Severity.WARNING, topic, message);
    }

    public static Finding note(String topic, String message) {
        return new Finding(Severity.NOTE, topic, message);
    }
}
