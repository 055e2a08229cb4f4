package dev.ferry.source.split;

import dev.ferry.rdb.ResumePoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link RdbFileSplit}. Version 1, big-endian:
 *
 * <pre>
 * string splitId | string file | boolean hasPosition | [long offset | int db | long crc | int rdbVersion]
 * string = int length + UTF-8 bytes (no 64 KiB limit, unlike writeUTF)
 * </pre>
 */
@Internal
public final class RdbFileSplitSerializer implements SimpleVersionedSerializer<RdbFileSplit> {
    public static final RdbFileSplitSerializer INSTANCE = new RdbFileSplitSerializer();

    static final int VERSION = 1;

    private static final ThreadLocal<DataOutputSerializer> OUT = ThreadLocal.withInitial(() -> new DataOutputSerializer(128));

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(RdbFileSplit split) throws IOException {
        DataOutputSerializer out = OUT.get();
        out.clear();
        writeString(split.splitId(), out);
        writeString(split.file().toString(), out);
        ResumePoint p = split.position();
        out.writeBoolean(p != null);
        if (p != null) {
            out.writeLong(p.offset());
            out.writeInt(p.db());
            out.writeLong(p.crc());
            out.writeInt(p.rdbVersion());
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public RdbFileSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("cannot read an RDB file split in serialization version " + version
                    + ": this Ferry reads version " + VERSION + " (was the checkpoint written by a newer Ferry?)");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String splitId = readString(in);
        Path file = Path.of(readString(in));
        ResumePoint position = null;
        if (in.readBoolean()) {
            position = new ResumePoint(in.readLong(), in.readInt(), in.readLong(), in.readInt());
        }
        if (in.available() != 0) {
            throw new IOException("RDB file split of " + serialized.length + " bytes has " + in.available()
                    + " unexpected trailing bytes");
        }
        return new RdbFileSplit(splitId, file, position);
    }

    static void writeString(String s, DataOutputSerializer out) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputDeserializer in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("corrupt RDB file split: string length " + n + " with " + in.available() + " bytes left");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
