package dev.ferry.verify;

import java.util.Locale;

/** What differs about a key. */
public enum DifferenceKind {
    MISSING, EXTRA, TYPE, VALUE, TTL;

    /** The name in the reports: {@code missing}, {@code extra}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
