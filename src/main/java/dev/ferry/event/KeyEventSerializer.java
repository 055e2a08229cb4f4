package dev.ferry.event;

import static dev.ferry.event.EventIO.copyBytes;
import static dev.ferry.event.EventIO.readBytes;
import static dev.ferry.event.EventIO.readString;
import static dev.ferry.event.EventIO.writeBytes;
import static dev.ferry.event.EventIO.writeString;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link KeyEvent}. Wire format (all big-endian, as {@link DataOutputView} writes):
 *
 * <pre>
 * int db | bytes key | int rdbType | bytes payload | long expireAtMs | long idle | int freq | string splitId | long position
 * bytes  = int length (-1 for null) + raw bytes
 * string = bytes of its UTF-8 encoding
 * </pre>
 *
 * The format is fixed: changing it needs a new snapshot version and a migration path.
 */
public final class KeyEventSerializer extends ImmutableValueSerializer<KeyEvent> {
    private static final long serialVersionUID = 1L;

    public static final KeyEventSerializer INSTANCE = new KeyEventSerializer();

    @Override
    public KeyEvent createInstance() {
        return new KeyEvent(0, new byte[0], 0, new byte[0], KeyEvent.NO_EXPIRE, -1, -1, null, -1);
    }

    @Override
    public void serialize(KeyEvent e, DataOutputView out) throws IOException {
        out.writeInt(e.db());
        writeBytes(e.key(), out);
        out.writeInt(e.rdbType());
        writeBytes(e.payload(), out);
        out.writeLong(e.expireAtMs());
        out.writeLong(e.idle());
        out.writeInt(e.freq());
        writeString(e.splitId(), out);
        out.writeLong(e.position());
    }

    @Override
    public KeyEvent deserialize(DataInputView in) throws IOException {
        int db = in.readInt();
        byte[] key = readBytes(in);
        int rdbType = in.readInt();
        byte[] payload = readBytes(in);
        long expireAtMs = in.readLong();
        long idle = in.readLong();
        int freq = in.readInt();
        String splitId = readString(in);
        long position = in.readLong();
        return new KeyEvent(db, key, rdbType, payload, expireAtMs, idle, freq, splitId, position);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        out.writeInt(in.readInt());
        copyBytes(in, out);
        out.writeInt(in.readInt());
        copyBytes(in, out);
        out.writeLong(in.readLong());
        out.writeLong(in.readLong());
        out.writeInt(in.readInt());
        copyBytes(in, out);
        out.writeLong(in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<KeyEvent> snapshotConfiguration() {
        return new KeyEventSerializerSnapshot();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** Snapshot of the (configuration-free) serializer; restores it and says "compatible as is". */
    public static final class KeyEventSerializerSnapshot extends SimpleTypeSerializerSnapshot<KeyEvent> {
        public KeyEventSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
