package dev.ferry.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link KeyEvent}, so events never fall back to Kryo. Wire format (all big-endian,
 * as {@link DataOutputView} writes):
 *
 * <pre>
 * int db | bytes key | int rdbType | bytes payload | long expireAtMs | long idle | int freq | string splitId | long position
 * bytes  = int length (-1 for null) + raw bytes
 * string = bytes of its UTF-8 encoding
 * </pre>
 *
 * The format is fixed: changing it needs a new snapshot version and a migration path.
 *
 * <p>{@link KeyEvent} is immutable by contract (its arrays are never modified once built), so
 * {@link #copy(KeyEvent)} returns its argument rather than deep-copying payloads that may be megabytes.
 */
public final class KeyEventSerializer extends TypeSerializer<KeyEvent> {
    private static final long serialVersionUID = 1L;

    public static final KeyEventSerializer INSTANCE = new KeyEventSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<KeyEvent> duplicate() {
        return this;
    }

    @Override
    public KeyEvent createInstance() {
        return new KeyEvent(0, new byte[0], 0, new byte[0], KeyEvent.NO_EXPIRE, -1, -1, null, -1);
    }

    @Override
    public KeyEvent copy(KeyEvent from) {
        return from;
    }

    @Override
    public KeyEvent copy(KeyEvent from, KeyEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
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
        writeBytes(e.splitId() == null ? null : e.splitId().getBytes(StandardCharsets.UTF_8), out);
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
        byte[] splitId = readBytes(in);
        long position = in.readLong();
        return new KeyEvent(db, key, rdbType, payload, expireAtMs, idle, freq,
                splitId == null ? null : new String(splitId, StandardCharsets.UTF_8), position);
    }

    @Override
    public KeyEvent deserialize(KeyEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
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
    public boolean equals(Object obj) {
        return obj instanceof KeyEventSerializer;
    }

    @Override
    public int hashCode() {
        return KeyEventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<KeyEvent> snapshotConfiguration() {
        return new KeyEventSerializerSnapshot();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    private static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            if (n == -1) {
                return null;
            }
            throw new IOException("corrupt KeyEvent record: array length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static void copyBytes(DataInputView in, DataOutputView out) throws IOException {
        int n = in.readInt();
        out.writeInt(n);
        if (n > 0) {
            byte[] b = new byte[n];
            in.readFully(b);
            out.write(b);
        }
    }

    /** Snapshot of the (configuration-free) serializer; restores it and says "compatible as is". */
    public static final class KeyEventSerializerSnapshot extends SimpleTypeSerializerSnapshot<KeyEvent> {
        public KeyEventSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
