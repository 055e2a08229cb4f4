package dev.ferry.event;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for {@link KeyEvent}: an opaque (non-key, non-tuple) type with its own serializer. */
public final class KeyEventTypeInfo extends TypeInformation<KeyEvent> {
    private static final long serialVersionUID = 1L;

    public static final KeyEventTypeInfo INSTANCE = new KeyEventTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<KeyEvent> getTypeClass() {
        return KeyEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<KeyEvent> createSerializer(SerializerConfig config) {
        return KeyEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "KeyEvent";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof KeyEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return KeyEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof KeyEventTypeInfo;
    }
}
