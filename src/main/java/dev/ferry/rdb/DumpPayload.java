package dev.ferry.rdb;

import dev.ferry.rdb.encoding.Crc64;
import java.util.Arrays;

/**
 * The DUMP/RESTORE serialization: {@code type byte + value bytes + RDB version (2 bytes LE) + CRC-64
 * (8 bytes LE)} where the CRC covers everything before it.
 */
public final class DumpPayload {
    private static final int FOOTER = 10;

    private DumpPayload() {}

    public static byte[] of(int type, byte[] rawValue, int rdbVersion) {
        ByteSink sink = new ByteSink(rawValue.length + 1 + FOOTER);
        sink.write(type);
        sink.write(rawValue, 0, rawValue.length);
        return seal(sink, rdbVersion);
    }

    /** Appends version and CRC to a sink that holds type + value; returns the finished payload. */
    static byte[] seal(ByteSink sink, int rdbVersion) {
        sink.write(rdbVersion & 0xff);
        sink.write((rdbVersion >>> 8) & 0xff);
        long crc = Crc64.update(0, sink.array(), 0, sink.size());
        for (int i = 0; i < 8; i++) {
            sink.write((int) (crc >>> (8 * i)) & 0xff);
        }
        return sink.toByteArray();
    }

    public static int type(byte[] payload) {
        check(payload);
        return payload[0] & 0xff;
    }

    public static int rdbVersion(byte[] payload) {
        check(payload);
        int n = payload.length;
        return (payload[n - FOOTER] & 0xff) | (payload[n - FOOTER + 1] & 0xff) << 8;
    }

    /** The value bytes between the type byte and the footer. */
    public static byte[] rawValue(byte[] payload) {
        check(payload);
        return Arrays.copyOfRange(payload, 1, payload.length - FOOTER);
    }

    /** Reads the value bytes in place, without copying them out of the payload. */
    public static RdbInput valueInput(byte[] payload) {
        check(payload);
        return RdbInput.of(payload, 1, payload.length - 1 - FOOTER);
    }

    /** True when the trailing CRC matches the rest, as RESTORE checks it. */
    public static boolean checksumValid(byte[] payload) {
        check(payload);
        int n = payload.length;
        long crc = Crc64.update(0, payload, 0, n - 8);
        long stored = 0;
        for (int i = 7; i >= 0; i--) {
            stored = (stored << 8) | (payload[n - 8 + i] & 0xffL);
        }
        return crc == stored;
    }

    private static void check(byte[] payload) {
        if (payload.length < 1 + FOOTER) {
            throw new RdbFormatException("DUMP payload of " + payload.length + " bytes is shorter than its 11-byte framing");
        }
    }
}
