package dev.ferry.source.split;

import dev.ferry.rdb.ResumePoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.annotation.Nullable;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The field encodings the split serializers share, so the same field is written the same way in every checkpoint
 * format:
 *
 * <pre>
 * string      = int length + UTF-8 bytes (no 64 KiB limit, unlike writeUTF)
 * optional    = boolean present [value]
 * resumePoint = long offset | int db | long crc | int rdbVersion
 * </pre>
 */
final class SplitCodec {
    private SplitCodec() {}

    /** Writes one field. */
    @FunctionalInterface
    interface FieldWriter<T> {
        void write(T value, DataOutputSerializer out) throws IOException;
    }

    /** Reads one field. */
    @FunctionalInterface
    interface FieldReader<T> {
        T read(DataInputDeserializer in) throws IOException;
    }

    static void writeString(String s, DataOutputSerializer out) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputDeserializer in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("corrupt split: string length " + n + " with " + in.available() + " bytes left");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static <T> void writeOptional(@Nullable T value, DataOutputSerializer out, FieldWriter<T> field) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            field.write(value, out);
        }
    }

    @Nullable
    static <T> T readOptional(DataInputDeserializer in, FieldReader<T> field) throws IOException {
        return in.readBoolean() ? field.read(in) : null;
    }

    static void writeResumePoint(ResumePoint p, DataOutputSerializer out) throws IOException {
        out.writeLong(p.offset());
        out.writeInt(p.db());
        out.writeLong(p.crc());
        out.writeInt(p.rdbVersion());
    }

    static ResumePoint readResumePoint(DataInputDeserializer in) throws IOException {
        return new ResumePoint(in.readLong(), in.readInt(), in.readLong(), in.readInt());
    }

    /**
     * Refuses a format version other than the one this Ferry writes.
     *
     * @param aSplit the kind of split with its article, for the message ("a scan split")
     */
    static void requireVersion(int version, int current, String aSplit) throws IOException {
        if (version != current) {
            throw new IOException("cannot read " + aSplit + " in serialization version " + version
                    + ": this Ferry reads version " + current + " (was the checkpoint written by a newer Ferry?)");
        }
    }

    /** Refuses bytes after a split's last field: the format was misread, or the bytes are not a split. */
    static void requireEnd(DataInputDeserializer in, byte[] serialized, String split) throws IOException {
        if (in.available() != 0) {
            throw new IOException(split + " of " + serialized.length + " bytes has " + in.available()
                    + " unexpected trailing bytes");
        }
    }
}
