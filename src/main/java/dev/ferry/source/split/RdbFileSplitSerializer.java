package dev.ferry.source.split;

import static dev.ferry.source.split.SplitCodec.readOptional;
import static dev.ferry.source.split.SplitCodec.readString;
import static dev.ferry.source.split.SplitCodec.requireEnd;
import static dev.ferry.source.split.SplitCodec.requireVersion;
import static dev.ferry.source.split.SplitCodec.writeOptional;
import static dev.ferry.source.split.SplitCodec.writeString;

import dev.ferry.rdb.ResumePoint;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link RdbFileSplit}. Version 1, big-endian ({@link SplitCodec} has the field encodings):
 *
 * <pre>
 * string splitId | string file | optional resumePoint
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
        writeOptional(split.position(), out, SplitCodec::writeResumePoint);
        return out.getCopyOfBuffer();
    }

    @Override
    public RdbFileSplit deserialize(int version, byte[] serialized) throws IOException {
        requireVersion(version, VERSION, "an RDB file split");
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String splitId = readString(in);
        Path file = Path.of(readString(in));
        ResumePoint position = readOptional(in, SplitCodec::readResumePoint);
        requireEnd(in, serialized, "RDB file split");
        return new RdbFileSplit(splitId, file, position);
    }
}
