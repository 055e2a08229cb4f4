package dev.ferry.event;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Tells Flink's type extractor (through {@code @TypeInfo} on {@link KeyEvent}) to use {@link KeyEventSerializer}. */
public final class KeyEventTypeInfoFactory extends TypeInfoFactory<KeyEvent> {
    @Override
    public TypeInformation<KeyEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return KeyEventTypeInfo.INSTANCE;
    }
}
