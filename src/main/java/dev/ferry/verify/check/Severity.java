package dev.ferry.verify.check;

/** How much a finding of {@code ferry check} matters. */
public enum Severity {
    /** The migration cannot run as configured: {@code ferry check} exits 1. */
    BLOCKER,
    /** It can run, but something may go wrong or be slow; worth a look. */
    WARNING,
    /** Worth knowing, nothing to do. */
    NOTE
}
