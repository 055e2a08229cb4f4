package dev.ferry.event;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for {@link RedisEvent}: an opaque (non-key, non-tuple) type with its own serializer. */
public final class RedisEventTypeInfo extends TypeInformation<RedisEvent> {
    private static final long serialVersionUID = 1L;

    public static final RedisEventTypeInfo INSTANCE = new RedisEventTypeInfo();

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
    public Class<RedisEvent> getTypeClass() {
        return RedisEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<RedisEvent> createSerializer(SerializerConfig config) {
        return RedisEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "RedisEvent";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof RedisEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return RedisEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof RedisEventTypeInfo;
    }

    /** Tells Flink's type extractor (through {@code @TypeInfo} on {@link RedisEvent}) to use this type information. */
    public static final class Factory extends TypeInfoFactory<RedisEvent> {
        @Override
        public TypeInformation<RedisEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}
