package dev.ferry.verify;

/**
 * One key that differs. Never carries the values themselves.
 *
 * @param db     the source db (the target db for a key only the target has)
 * @param detail what differs, e.g. {@code "TTL 5000 ms on source, -1 ms on target"}
 */
public record Difference(int db, byte[] key, DifferenceKind kind, String detail) {}
