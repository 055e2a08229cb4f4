package dev.ferry.resp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RESP2 replies. A reply is a {@code String} (simple string), {@link RespError}, {@code Long},
 * {@code byte[]} (bulk, null for nil) or {@code List<Object>} (array, null for nil).
 *
 * <p>A replica's connection also carries what is not RESP (keepalive newlines, the raw RDB snapshot), so the
 * reader can hand out text lines and raw bytes too, and counts every byte consumed ({@link #position()}): the
 * replication offsets are byte counts.
 */
public final class RespReader {
    private static final int MAX_TEXT_LINE = 1 << 16;
    private static final String OK = "OK";

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    /** Bytes consumed before buf[0]. */
    private long consumedBeforeBuf;

    public RespReader(InputStream in) {
        this.in = in;
    }

    public Object read() throws IOException {
        int type = readByte();
        switch (type) {
            case '+':
                // most replies a writer reads are +OK: no line buffer for those
                if (limit - pos >= 4 && buf[pos] == 'O' && buf[pos + 1] == 'K' && buf[pos + 2] == '\r' && buf[pos + 3] == '\n') {
                    pos += 4;
                    return OK;
                }
                return readLine();
            case '-':
                return new RespError(readLine());
            case ':':
                return parseLong(readLine());
            case '$': {
                long len = parseLong(readLine());
                if (len < 0) {
                    return null;
                }
                byte[] data = new byte[Math.toIntExact(len)];
                readFully(data);
                expectCrlf();
                return data;
            }
            case '*': {
                long n = parseLong(readLine());
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>((int) Math.min(n, 1024));
                for (long i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("protocol error: unexpected reply type byte " + type + " ('" + (char) type + "')");
        }
    }

    /** Whether a read would find bytes without waiting: some are buffered, or the input has them. */
    public boolean hasBytesReady() throws IOException {
        return pos < limit || in.available() > 0;
    }

    /** Bytes consumed so far (replies, lines and raw bytes). */
    public long position() {
        return consumedBeforeBuf + pos;
    }

    /**
     * A line ended by LF or CRLF, without the ending: an empty string for the bare newlines a master sends to keep
     * a waiting replica's connection alive.
     */
    public String readTextLine() throws IOException {
        return readLine(false);
    }

    /** The next byte without consuming it; blocks until there is one. */
    public int peekByte() throws IOException {
        if (pos == limit) {
            fill();
        }
        return buf[pos] & 0xff;
    }

    /** Raw bytes: what is buffered, else one read from the connection; at least one byte. */
    public int readAvailable(byte[] dst, int off, int len) throws IOException {
        if (pos < limit) {
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            return n;
        }
        int n = in.read(dst, off, len);
        if (n <= 0) {
            throw new EOFException("connection closed by the server");
        }
        consumedBeforeBuf += n;
        return n;
    }

    private int readByte() throws IOException {
        if (pos == limit) {
            fill();
        }
        return buf[pos++] & 0xff;
    }

    /**
     * Called with everything buffered consumed. Reads before touching the state, so a read timeout (a connection with
     * {@code SO_TIMEOUT} that had nothing to say) leaves the reader as it was, ready to wait again.
     */
    private void fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            throw new EOFException("connection closed by the server");
        }
        consumedBeforeBuf += limit;
        pos = 0;
        limit = n;
    }

    private String readLine() throws IOException {
        return readLine(true);
    }

    private String readLine(boolean crlf) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = readByte();
            if (b == '\r') {
                if (readByte() != '\n') {
                    throw new IOException("protocol error: CR not followed by LF");
                }
                return sb.toString();
            }
            if (b == '\n' && !crlf) {
                return sb.toString();
            }
            if (sb.length() == MAX_TEXT_LINE) {
                throw new IOException("protocol error: a line longer than " + MAX_TEXT_LINE + " bytes");
            }
            sb.append((char) b);
        }
    }

    private void readFully(byte[] dst) throws IOException {
        int off = 0;
        while (off < dst.length) {
            if (pos == limit) {
                fill();
            }
            int n = Math.min(dst.length - off, limit - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
        }
    }

    private void expectCrlf() throws IOException {
        if (readByte() != '\r' || readByte() != '\n') {
            throw new IOException("protocol error: bulk string not terminated by CRLF");
        }
    }

    private static long parseLong(String s) throws IOException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IOException("protocol error: bad number '" + s + "'");
        }
    }

    static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
