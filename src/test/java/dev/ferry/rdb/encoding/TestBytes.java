package dev.ferry.rdb.encoding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Byte helpers for hand-building encoded blobs in tests. */
final class TestBytes {
    private TestBytes() {
    }

    /** "0f 00 ff" -> bytes; whitespace ignored. */
    static byte[] hex(String s) {
        String h = s.replaceAll("\\s+", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] repeat(char c, int n) {
        return ascii(String.valueOf(c).repeat(n));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] le(long v, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    static byte[] be(long v, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[n - 1 - i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    static byte[] withPrefix(byte[] prefix, byte[] blob) {
        return concat(prefix, blob);
    }

    /** Drains a cursor into strings (integers as decimal), via bytes(). */
    static List<String> drain(PackedCursor c) {
        List<String> out = new ArrayList<>();
        while (c.next()) {
            out.add(new String(c.bytes(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }
}
