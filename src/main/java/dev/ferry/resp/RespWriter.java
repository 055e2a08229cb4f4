package dev.ferry.resp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes commands as RESP arrays of bulk strings into a buffer, sent with {@link #flush()}. */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int len;

    public RespWriter(OutputStream out) {
        this.out = out;
    }

    public void command(byte[]... args) throws IOException {
        header('*', args.length);
        for (byte[] a : args) {
            bulk(a);
        }
    }

    public void command(String... args) throws IOException {
        header('*', args.length);
        for (String a : args) {
            bulk(a.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Starts a command of {@code argc} arguments, each then written with {@link #bulk}. */
    public void begin(int argc) throws IOException {
        header('*', argc);
    }

    public void bulk(byte[] a) throws IOException {
        header('$', a.length);
        write(a, 0, a.length);
        write(CRLF, 0, 2);
    }

    public void bulk(long number) throws IOException {
        bulk(Long.toString(number).getBytes(StandardCharsets.US_ASCII));
    }

    public void flush() throws IOException {
        if (len > 0) {
            out.write(buf, 0, len);
            len = 0;
        }
        out.flush();
    }

    private void header(char type, long n) throws IOException {
        if (buf.length - len < 24) {
            drain();
        }
        buf[len++] = (byte) type;
        if (n == 0) {
            buf[len++] = '0';
        } else {
            int start = len;
            long v = n;
            while (v > 0) {
                buf[len++] = (byte) ('0' + (v % 10));
                v /= 10;
            }
            for (int i = start, j = len - 1; i < j; i++, j--) {
                byte t = buf[i];
                buf[i] = buf[j];
                buf[j] = t;
            }
        }
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void write(byte[] a, int off, int n) throws IOException {
        if (n > buf.length - len) {
            drain();
            if (n > buf.length) {
                out.write(a, off, n);
                return;
            }
        }
        System.arraycopy(a, off, buf, len, n);
        len += n;
    }

    private void drain() throws IOException {
        out.write(buf, 0, len);
        len = 0;
    }
}
