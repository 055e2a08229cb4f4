package dev.ferry.verify;

/** How deep {@code ferry verify} looks at each key. */
public enum VerifyMode {
    /** existence, type, cardinality, every element, TTL */
    full,
    /** existence, type, cardinality (STRLEN/LLEN/SCARD/ZCARD/HLEN/XLEN), TTL */
    length,
    /** existence and type */
    outline
}
