package dev.ferry.verify;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.value.ElementCounter;
import dev.ferry.rdb.value.ValueVisitor;
import dev.ferry.rdb.value.ValueWalker;

/** The {@link KeyState} of a key in an RDB file, from its record and DUMP payload, as the target would report it. */
final class FileKeyState {
    private FileKeyState() {}

    /** @param nowMs the clock the remaining TTL is measured from */
    static KeyState of(KeyRecord k, byte[] dump, VerifyMode mode, long nowMs) {
        String type = RdbType.logicalName(k.type());
        long ttl = k.expireAtMs() == KeyRecord.NO_EXPIRE ? -1 : k.expireAtMs() - nowMs;
        long length = mode == VerifyMode.outline ? -1 : length(type, dump);
        return new KeyState(type, ttl, length, mode == VerifyMode.full ? dump : null);
    }

    /** STRLEN for a string, the element count otherwise, -1 for a module value (no length command). */
    private static long length(String type, byte[] dump) {
        int rdbType = DumpPayload.type(dump);
        if ("module".equals(type)) {
            return -1;
        }
        if (!"string".equals(type)) {
            return ElementCounter.count(DumpPayload.valueInput(dump), rdbType);
        }
        long[] bytes = {0};
        ValueWalker.decode(DumpPayload.valueInput(dump), rdbType, new ValueVisitor() {
            @Override
            public void stringValue(byte[] value) {
                bytes[0] = value.length;
            }
        });
        return bytes[0];
    }
}
