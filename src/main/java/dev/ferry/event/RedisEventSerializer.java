package dev.ferry.event;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link RedisEvent}: one tag byte ({@code 0} key, {@code 1} command, {@code 2} transaction),
 * then the event in its own serializer's format.
 */
public final class RedisEventSerializer extends ImmutableValueSerializer<RedisEvent> {
    private static final long serialVersionUID = 1L;

    public static final RedisEventSerializer INSTANCE = new RedisEventSerializer();

    private static final byte KEY = 0;
    private static final byte COMMAND = 1;
    private static final byte TRANSACTION = 2;

    @Override
    public RedisEvent createInstance() {
        return KeyEventSerializer.INSTANCE.createInstance();
    }

    @Override
    public void serialize(RedisEvent e, DataOutputView out) throws IOException {
        if (e instanceof KeyEvent k) {
            out.writeByte(KEY);
            KeyEventSerializer.INSTANCE.serialize(k, out);
        } else if (e instanceof CommandEvent c) {
            out.writeByte(COMMAND);
            CommandEventSerializer.INSTANCE.serialize(c, out);
        } else {
            out.writeByte(TRANSACTION);
            TransactionEventSerializer.INSTANCE.serialize((TransactionEvent) e, out);
        }
    }

    @Override
    public RedisEvent deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case KEY -> KeyEventSerializer.INSTANCE.deserialize(in);
            case COMMAND -> CommandEventSerializer.INSTANCE.deserialize(in);
            case TRANSACTION -> TransactionEventSerializer.INSTANCE.deserialize(in);
            default -> throw new IOException("corrupt event record: unknown tag " + tag);
        };
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        byte tag = in.readByte();
        out.writeByte(tag);
        switch (tag) {
            case KEY -> KeyEventSerializer.INSTANCE.copy(in, out);
            case COMMAND -> CommandEventSerializer.INSTANCE.copy(in, out);
            case TRANSACTION -> TransactionEventSerializer.INSTANCE.copy(in, out);
            default -> throw new IOException("corrupt event record: unknown tag " + tag);
        }
    }

    @Override
    public TypeSerializerSnapshot<RedisEvent> snapshotConfiguration() {
        return new RedisEventSerializerSnapshot();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** Snapshot of the (configuration-free) serializer; restores it and says "compatible as is". */
    public static final class RedisEventSerializerSnapshot extends SimpleTypeSerializerSnapshot<RedisEvent> {
        public RedisEventSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
