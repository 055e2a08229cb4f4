package dev.ferry.verify;

/**
 * What one side holds under a key, as far as the mode needs it.
 *
 * @param type   TYPE's answer, {@code "none"} when absent
 * @param pttlMs the remaining TTL, -1 without one
 * @param length the cardinality (STRLEN for a string), -1 when not read or not known (a module value)
 * @param dump   the DUMP payload when the mode compares values and the value is small enough, else null
 */
record KeyState(String type, long pttlMs, long length, byte[] dump) {
    static final String NONE = "none";

    boolean exists() {
        return !NONE.equals(type);
    }
}
