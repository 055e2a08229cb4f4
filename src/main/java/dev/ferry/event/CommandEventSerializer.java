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
 * Flink serializer for {@link CommandEvent}. Wire format (big-endian):
 *
 * <pre>
 * int db | int argc | argc × bytes arg | int keyCount | keyCount × int index | string splitId | long position
 * </pre>
 *
 * (bytes and string as in {@link KeyEventSerializer}). The format is fixed: changing it needs a new
 * snapshot version and a migration path.
 */
public final class CommandEventSerializer extends ImmutableValueSerializer<CommandEvent> {
    private static final long serialVersionUID = 1L;

    public static final CommandEventSerializer INSTANCE = new CommandEventSerializer();

    @Override
    public CommandEvent createInstance() {
        return new CommandEvent(0, new byte[][] {new byte[0]}, new int[0], null, -1);
    }

    @Override
    public void serialize(CommandEvent e, DataOutputView out) throws IOException {
        out.writeInt(e.db());
        out.writeInt(e.argv().length);
        for (byte[] arg : e.argv()) {
            writeBytes(arg, out);
        }
        out.writeInt(e.keyIndexes().length);
        for (int i : e.keyIndexes()) {
            out.writeInt(i);
        }
        writeString(e.splitId(), out);
        out.writeLong(e.position());
    }

    @Override
    public CommandEvent deserialize(DataInputView in) throws IOException {
        int db = in.readInt();
        byte[][] argv = new byte[count(in)][];
        for (int i = 0; i < argv.length; i++) {
            argv[i] = readBytes(in);
        }
        int[] keys = new int[count(in)];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = in.readInt();
        }
        return new CommandEvent(db, argv, keys, readString(in), in.readLong());
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        out.writeInt(in.readInt());
        int argc = count(in);
        out.writeInt(argc);
        for (int i = 0; i < argc; i++) {
            copyBytes(in, out);
        }
        int keys = count(in);
        out.writeInt(keys);
        for (int i = 0; i < keys; i++) {
            out.writeInt(in.readInt());
        }
        copyBytes(in, out);
        out.writeLong(in.readLong());
    }

    private static int count(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt CommandEvent record: count " + n);
        }
        return n;
    }

    @Override
    public TypeSerializerSnapshot<CommandEvent> snapshotConfiguration() {
        return new CommandEventSerializerSnapshot();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** Snapshot of the (configuration-free) serializer; restores it and says "compatible as is". */
    public static final class CommandEventSerializerSnapshot extends SimpleTypeSerializerSnapshot<CommandEvent> {
        public CommandEventSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
