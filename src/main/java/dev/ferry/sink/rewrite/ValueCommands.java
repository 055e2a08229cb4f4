package dev.ferry.sink.rewrite;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.value.ValueCursor;
import dev.ferry.rdb.value.ValueVisitor;
import java.util.Iterator;

/**
 * Turns one key's value into the element commands that rebuild it on a target that cannot RESTORE its DUMP
 * payload (too big for one argument, or an encoding newer than the target).
 *
 * <p>The commands come as a pull sequence of argv arrays, made as they are asked for: the value is decoded
 * lazily from the payload, so what is held besides the payload is one command of at most
 * {@link RewriteLimits} size (for a stream, also its pending ids and one consumer group). Every command names
 * {@code key}; the caller picks it (a temporary key in the same slot, renamed into place afterwards) and
 * must make sure it does not exist before the first command. Nothing here sets the key's TTL.
 *
 * <ul>
 *   <li>string: SET, then APPEND for each further chunk of {@link RewriteLimits#batchBytes()};</li>
 *   <li>list, set, sorted set, hash: RPUSH, SADD, ZADD, HSET batches; hash fields with a TTL (RDB types
 *       22-25) get HPEXPIREAT after their batch, on Redis 7.4+ only;</li>
 *   <li>stream: see {@link StreamCommands};</li>
 *   <li>module values: refused, the target can only take them with RESTORE.</li>
 * </ul>
 */
public final class ValueCommands {
    private ValueCommands() {}

    /**
     * The commands for the value in {@code dumpPayload}, never an empty sequence.
     *
     * @throws UnsupportedOnTargetException when the target cannot hold the value (module value, field TTLs on
     *     Redis before 7.4, consumers without pending entries before 6.2); {@code next()} throws it too when an
     *     element turns out longer than the target's proto-max-bulk-len, after earlier commands
     * @throws IllegalArgumentException for a collection without elements (Redis does not keep those)
     */
    public static Iterator<byte[][]> of(byte[] dumpPayload, byte[] key, RewriteLimits limits, TargetCapabilities target) {
        int type = DumpPayload.type(dumpPayload);
        Iterator<byte[][]> commands = switch (RdbType.logicalName(type)) {
            case "string" -> new StringCommands(dumpPayload, key, Math.min(limits.batchBytes(), target.protoMaxBulkLen()));
            case "list" -> elements(dumpPayload, type, "RPUSH", key, limits, target);
            case "set" -> elements(dumpPayload, type, "SADD", key, limits, target);
            case "zset" -> elements(dumpPayload, type, "ZADD", key, limits, target);
            case "hash" -> {
                if (!target.hasHashFieldTtl() && hasFieldTtl(dumpPayload, type)) {
                    throw new UnsupportedOnTargetException("hash fields with a TTL need Redis 7.4+ (HPEXPIREAT); the target runs "
                            + "Redis " + target.redisVersion());
                }
                yield elements(dumpPayload, type, "HSET", key, limits, target);
            }
            case "stream" -> StreamCommands.of(dumpPayload, type, key, limits, target);
            default -> throw new UnsupportedOnTargetException("a module value can only be written with RESTORE, which this "
                    + "target refuses (" + RdbType.logicalName(type) + " of RDB type " + type + ")");
        };
        if (!commands.hasNext()) {
            throw new IllegalArgumentException(RdbType.logicalName(type) + " value has no elements; Redis does not keep empty "
                    + "collections, so there is nothing to write");
        }
        return commands;
    }

    private static Iterator<byte[][]> elements(byte[] payload, int type, String verb, byte[] key, RewriteLimits limits,
                                               TargetCapabilities target) {
        return new ElementCommands(ValueCursor.open(DumpPayload.valueInput(payload), type), verb, key, limits,
                target.protoMaxBulkLen());
    }

    /**
     * Whether any field of a 7.4 field-TTL hash actually has a TTL: without one it is a plain hash that any
     * target can take. Costs one decoding pass, only for those types on targets before 7.4.
     */
    private static boolean hasFieldTtl(byte[] payload, int type) {
        if (type < RdbType.HASH_METADATA_PRE_GA) {
            return false;
        }
        ValueCursor fields = ValueCursor.open(DumpPayload.valueInput(payload), type);
        boolean[] found = {false};
        ValueVisitor ttlSeen = new ValueVisitor() {
            @Override
            public void hashField(byte[] field, byte[] value, long expireAtMs) {
                found[0] |= expireAtMs >= 0;
            }
        };
        while (!found[0] && fields.next(ttlSeen)) {
            // one field per call
        }
        return found[0];
    }
}
