package dev.ferry.event;

import static dev.ferry.event.EventIO.copyBytes;
import static dev.ferry.event.EventIO.readString;
import static dev.ferry.event.EventIO.writeString;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link TransactionEvent}. Wire format (big-endian):
 *
 * <pre>
 * int count | count × command (as {@link CommandEventSerializer}) | string splitId | long position
 * </pre>
 *
 * The format is fixed: changing it needs a new snapshot version and a migration path.
 */
public final class TransactionEventSerializer extends ImmutableValueSerializer<TransactionEvent> {
    private static final long serialVersionUID = 1L;

    public static final TransactionEventSerializer INSTANCE = new TransactionEventSerializer();

    private static final CommandEventSerializer COMMANDS = CommandEventSerializer.INSTANCE;

    @Override
    public TransactionEvent createInstance() {
        return new TransactionEvent(List.of(COMMANDS.createInstance()), null, -1);
    }

    @Override
    public void serialize(TransactionEvent e, DataOutputView out) throws IOException {
        out.writeInt(e.commands().size());
        for (CommandEvent c : e.commands()) {
            COMMANDS.serialize(c, out);
        }
        writeString(e.splitId(), out);
        out.writeLong(e.position());
    }

    @Override
    public TransactionEvent deserialize(DataInputView in) throws IOException {
        int n = count(in);
        List<CommandEvent> commands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            commands.add(COMMANDS.deserialize(in));
        }
        return new TransactionEvent(commands, readString(in), in.readLong());
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        int n = count(in);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            COMMANDS.copy(in, out);
        }
        copyBytes(in, out);
        out.writeLong(in.readLong());
    }

    private static int count(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n <= 0) {
            throw new IOException("corrupt TransactionEvent record: " + n + " commands");
        }
        return n;
    }

    @Override
    public TypeSerializerSnapshot<TransactionEvent> snapshotConfiguration() {
        return new TransactionEventSerializerSnapshot();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** Snapshot of the (configuration-free) serializer; restores it and says "compatible as is". */
    public static final class TransactionEventSerializerSnapshot extends SimpleTypeSerializerSnapshot<TransactionEvent> {
        public TransactionEventSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
