package dev.ferry.rdb;

import dev.ferry.rdb.encoding.Crc64;
import dev.ferry.rdb.encoding.Lzf;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Buffered reader of RDB primitives (lengths, strings, fixed-width numbers) over a stream or a byte array.
 *
 * <p>It keeps the absolute byte position, a running CRC-64 of everything consumed, and can capture the
 * consumed bytes verbatim (the raw value bytes that make a DUMP payload). CRC and capture are brought up
 * to date in bulk, over whole buffer spans, because doing it per byte would dominate the parse cost.
 */
public final class RdbInput {
    private static final int BUFFER_SIZE = 1 << 16;
    /** Largest allocation made up front for a length read from the input; beyond it we grow as data arrives. */
    private static final int TRUSTED_ALLOCATION = 1 << 20;

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Buffer index from which bytes are not yet folded into the CRC / capture. */
    private int mark;
    /** Absolute position of buf[0]. */
    private long base;

    private boolean crcEnabled;
    private long crc;
    private ByteSink capture;

    private boolean lastLengthEncoded;

    private RdbInput(InputStream in, byte[] buf, int pos, int limit, long base) {
        this.in = in;
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
        this.mark = pos;
        this.base = base;
    }

    /** Reads from a stream whose first byte is at absolute position {@code startOffset}. */
    public static RdbInput of(InputStream in, long startOffset) {
        return new RdbInput(in, new byte[BUFFER_SIZE], 0, 0, startOffset);
    }

    /** Reads an in-memory blob (a captured value or a DUMP payload) without copying it. */
    public static RdbInput of(byte[] data, int off, int len) {
        return new RdbInput(null, data, off, off + len, -off);
    }

    public static RdbInput of(byte[] data) {
        return of(data, 0, data.length);
    }

    /** Absolute position of the next byte to be read. */
    public long position() {
        return base + pos;
    }

    /** Starts computing the CRC-64 from {@code initial} over every byte consumed from now on. */
    public void enableCrc(long initial) {
        sync();
        crcEnabled = true;
        crc = initial;
    }

    /** CRC-64 of everything consumed since {@link #enableCrc}. */
    public long crc() {
        sync();
        return crc;
    }

    /** From now on every consumed byte is also appended to {@code sink}, until {@link #stopCapture}. */
    public void startCapture(ByteSink sink) {
        sync();
        capture = sink;
    }

    public void stopCapture() {
        sync();
        capture = null;
    }

    // ---- primitives --------------------------------------------------------------------------

    public int readUnsignedByte() {
        if (pos == limit) {
            fill(1);
        }
        return buf[pos++] & 0xff;
    }

    public void readFully(byte[] dst, int off, int len) {
        while (len > 0) {
            if (pos == limit) {
                fill(1);
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Reads {@code len} bytes into a new array. A length from a damaged or hostile file may be huge: we
     * never allocate more than we have actually read plus a bounded step, so a truncated file fails with
     * an EOF error instead of an OutOfMemoryError.
     */
    public byte[] readBytes(long len) {
        if (len < 0 || len > Integer.MAX_VALUE - 16) {
            throw new RdbFormatException("string length " + len + " is beyond what Redis can store");
        }
        int n = (int) len;
        if (n <= TRUSTED_ALLOCATION) {
            byte[] out = new byte[n];
            readFully(out, 0, n);
            return out;
        }
        byte[] out = new byte[TRUSTED_ALLOCATION];
        int have = 0;
        while (have < n) {
            if (have == out.length) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            }
            int step = Math.min(n - have, out.length - have);
            readFully(out, have, step);
            have += step;
        }
        return out;
    }

    public void skip(long n) {
        if (n < 0) {
            throw new RdbFormatException("length " + Long.toUnsignedString(n) + " is out of range");
        }
        while (n > 0) {
            if (pos == limit) {
                fill(1);
            }
            int step = (int) Math.min(n, limit - pos);
            pos += step;
            n -= step;
        }
    }

    public long readInt64LE() {
        ensure(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    public int readInt32LE() {
        ensure(4);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    private int readInt16LE() {
        ensure(2);
        int v = (short) ((buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8);
        pos += 2;
        return v;
    }

    private long readUInt32BE() {
        ensure(4);
        long v = (buf[pos] & 0xffL) << 24 | (buf[pos + 1] & 0xffL) << 16 | (buf[pos + 2] & 0xffL) << 8 | (buf[pos + 3] & 0xffL);
        pos += 4;
        return v;
    }

    private long readInt64BE() {
        ensure(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    public double readBinaryDouble() {
        return Double.longBitsToDouble(readInt64LE());
    }

    /** Milliseconds as Redis writes them (8 bytes little-endian). */
    public long readMillis() {
        return readInt64LE();
    }

    // ---- RDB length and string encodings -------------------------------------------------------

    /**
     * An RDB length. When the first byte marks a special string encoding (int or LZF), returns the
     * encoding number and {@link #lastLengthEncoded()} is true.
     */
    public long readLengthOrEncoding() {
        int first = readUnsignedByte();
        lastLengthEncoded = false;
        switch (first >> 6) {
            case 0:
                return first & 0x3f;
            case 1:
                return ((first & 0x3f) << 8) | readUnsignedByte();
            case 3:
                lastLengthEncoded = true;
                return first & 0x3f;
            default:
                if (first == 0x80) {
                    return readUInt32BE();
                }
                if (first == 0x81) {
                    // Unsigned on disk; a value past Long.MAX_VALUE comes back negative and every
                    // caller that sizes something with it rejects it (counts, string lengths, skips).
                    return readInt64BE();
                }
                throw new RdbFormatException(String.format("unknown length encoding 0x%02x", first));
        }
    }

    public boolean lastLengthEncoded() {
        return lastLengthEncoded;
    }

    /** A plain RDB length (a count): a special string encoding here means the file is corrupt. */
    public long readLength() {
        long len = readLengthOrEncoding();
        if (lastLengthEncoded) {
            throw new RdbFormatException("expected a length, found string encoding " + len);
        }
        return len;
    }

    /** A count that will size a loop: bounded so a corrupt count fails clearly instead of spinning for ages. */
    public int readCount(String what) {
        long n = readLength();
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new RdbFormatException(what + " count " + Long.toUnsignedString(n) + " is out of range");
        }
        return (int) n;
    }

    /** An RDB string: raw, integer-encoded (returned as its decimal text) or LZF-compressed. */
    public byte[] readString() {
        long len = readLengthOrEncoding();
        if (!lastLengthEncoded) {
            return readBytes(len);
        }
        switch ((int) len) {
            case 0:
                return ascii((byte) readUnsignedByte());
            case 1:
                return ascii(readInt16LE());
            case 2:
                return ascii(readInt32LE());
            case 3:
                return readLzf();
            default:
                throw new RdbFormatException("unknown string encoding " + len);
        }
    }

    /** Reads an RDB string and interprets it as text (AUX fields, names). */
    public String readUtf8() {
        return new String(readString(), StandardCharsets.UTF_8);
    }

    /** Skips an RDB string without decoding it: the fast path when only the raw bytes are wanted. */
    public void skipString() {
        long len = readLengthOrEncoding();
        if (!lastLengthEncoded) {
            skip(len);
            return;
        }
        switch ((int) len) {
            case 0:
                skip(1);
                break;
            case 1:
                skip(2);
                break;
            case 2:
                skip(4);
                break;
            case 3:
                long clen = readLength();
                readLength();
                skip(clen);
                break;
            default:
                throw new RdbFormatException("unknown string encoding " + len);
        }
    }

    private byte[] readLzf() {
        long clen = readLength();
        long ulen = readLength();
        if (ulen < 0 || ulen > Integer.MAX_VALUE - 16) {
            throw new RdbFormatException("LZF uncompressed length " + ulen + " is out of range");
        }
        byte[] compressed = readBytes(clen);
        // LZF expands at most ~ clen * 130: a stated length beyond that can only be corruption, and
        // checking it first keeps a hostile header from allocating gigabytes.
        if (ulen > clen * 130L + 64) {
            throw new RdbFormatException("LZF data of " + clen + " bytes cannot expand to the stated " + ulen + " bytes");
        }
        byte[] out = new byte[(int) ulen];
        Lzf.decompress(compressed, 0, compressed.length, out, 0, out.length);
        return out;
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    // ---- buffer management ---------------------------------------------------------------------

    private void ensure(int n) {
        if (limit - pos < n) {
            fill(n);
        }
    }

    /** Makes at least {@code n} unread bytes available, or throws at end of input. */
    private void fill(int n) {
        if (in == null) {
            throw eof(n);
        }
        sync();
        int unread = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, unread);
            base += pos;
            pos = 0;
            limit = unread;
            mark = 0;
        }
        try {
            while (limit - pos < n) {
                int r = in.read(buf, limit, buf.length - limit);
                if (r < 0) {
                    throw eof(n);
                }
                limit += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the RDB stream at byte " + position() + " failed: " + e.getMessage(), e);
        }
    }

    private RdbFormatException eof(int wanted) {
        return new RdbFormatException("unexpected end of input: needed " + wanted + " more byte(s); the file is truncated",
                position(), null, new EOFException());
    }

    /** Folds buf[mark..pos) into the CRC and the capture. */
    private void sync() {
        int n = pos - mark;
        if (n > 0) {
            if (crcEnabled) {
                crc = Crc64.update(crc, buf, mark, n);
            }
            if (capture != null) {
                capture.write(buf, mark, n);
            }
        }
        mark = pos;
    }
}
