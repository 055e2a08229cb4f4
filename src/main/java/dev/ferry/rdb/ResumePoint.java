package dev.ferry.rdb;

import java.io.Serializable;

/**
 * Everything needed to continue parsing a file from a record boundary: the byte offset of the next
 * record, the db selected there, the CRC-64 of all bytes before it, and the file's RDB version (read
 * from the header, which is not re-read on resume).
 */
public record ResumePoint(long offset, int db, long crc, int rdbVersion) implements Serializable {}
