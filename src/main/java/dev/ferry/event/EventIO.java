package dev.ferry.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The field encodings the event serializers share: length-prefixed byte arrays (-1 for null) and UTF-8 strings. */
final class EventIO {
    private EventIO() {}

    static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            if (n == -1) {
                return null;
            }
            throw new IOException("corrupt event record: array length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static void copyBytes(DataInputView in, DataOutputView out) throws IOException {
        int n = in.readInt();
        out.writeInt(n);
        if (n > 0) {
            // not out.write(in, n): DataOutputSerializer does not grow its buffer for that one
            byte[] b = new byte[n];
            in.readFully(b);
            out.write(b);
        }
    }

    static void writeString(String s, DataOutputView out) throws IOException {
        writeBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8), out);
    }

    static String readString(DataInputView in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
