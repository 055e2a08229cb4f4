package dev.ferry.rdb;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * The RDB input is not what the format allows: bad magic, unsupported version, unknown opcode or type,
 * a truncated value, a checksum mismatch. The message always says where (byte offset), which key if
 * one was being read, and what was expected, so a user can tell a damaged file from a Ferry bug.
 *
 * <p>Decoders of a single encoded blob throw it without a location; the parser, which knows the file
 * offset and the key, adds them with {@link #locate}.
 *
 * <p>Flink does not restart a job for it: the same bytes would fail the same way.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class RdbFormatException extends RuntimeException {
    private final String detail;
    private final long offset;
    private final String key;

    public RdbFormatException(String detail) {
        this(detail, -1, null, null);
    }

    public RdbFormatException(String detail, long offset, String key, Throwable cause) {
        super(describe(detail, offset, key), cause);
        this.detail = detail;
        this.offset = offset;
        this.key = key;
    }

    /** The same problem with the file offset and the key added (kept when already known). */
    public RdbFormatException locate(long fileOffset, String keyName) {
        if (offset >= 0 && (key != null || keyName == null)) {
            return this;
        }
        return new RdbFormatException(detail, offset >= 0 ? offset : fileOffset, key != null ? key : keyName, getCause());
    }

    /** Byte offset in the RDB stream where the problem was found, or -1 when unknown. */
    public long offset() {
        return offset;
    }

    /** Printable form of the key being read, or null. */
    public String key() {
        return key;
    }

    /** What was wrong, without the location. */
    public String detail() {
        return detail;
    }

    private static String describe(String detail, long offset, String key) {
        StringBuilder sb = new StringBuilder("bad RDB");
        if (offset >= 0) {
            sb.append(" at byte ").append(offset);
        }
        if (key != null) {
            sb.append(" (key '").append(key).append("')");
        }
        return sb.append(": ").append(detail).toString();
    }
}
