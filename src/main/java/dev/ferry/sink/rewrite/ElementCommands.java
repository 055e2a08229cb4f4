package dev.ferry.sink.rewrite;

import dev.ferry.rdb.encoding.ScoreText;
import dev.ferry.rdb.value.ValueCursor;
import dev.ferry.rdb.value.ValueVisitor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list, set, sorted set or hash as batches of RPUSH, SADD, ZADD or HSET, pulled from the value's cursor
 * one batch at a time. A hash batch whose fields have TTLs is followed by one HPEXPIREAT per expiry time.
 */
final class ElementCommands extends CommandIterator {
    private final ValueCursor elements;
    private final String verb;
    private final byte[] key;
    private final RewriteLimits limits;
    private final long maxArgBytes;
    private final ArrayDeque<byte[][]> fieldTtlCommands = new ArrayDeque<>();
    private final Collector collector = new Collector();

    ElementCommands(ValueCursor elements, String verb, byte[] key, RewriteLimits limits, long maxArgBytes) {
        this.elements = elements;
        this.verb = verb;
        this.key = key;
        this.limits = limits;
        this.maxArgBytes = maxArgBytes;
    }

    @Override
    protected byte[][] produce() {
        if (!fieldTtlCommands.isEmpty()) {
            return fieldTtlCommands.poll();
        }
        collector.batch = new Argv(maxArgBytes, verb).add(key);
        int n = 0;
        while (n < limits.batchElements() && collector.batch.bytes() < limits.batchBytes() && elements.next(collector)) {
            n++;
        }
        if (n == 0) {
            return null;
        }
        for (Map.Entry<Long, List<byte[]>> e : collector.fieldsByExpiry.entrySet()) {
            Argv expire = new Argv(maxArgBytes, "HPEXPIREAT").add(key).add(e.getKey()).add("FIELDS").add(e.getValue().size());
            e.getValue().forEach(expire::add);
            fieldTtlCommands.add(expire.toArray());
        }
        collector.fieldsByExpiry.clear();
        return collector.batch.toArray();
    }

    /** Adds each element's arguments to the batch at hand. */
    private final class Collector implements ValueVisitor {
        Argv batch;
        final Map<Long, List<byte[]>> fieldsByExpiry = new LinkedHashMap<>();

        @Override
        public void listItem(byte[] item) {
            batch.add(item);
        }

        @Override
        public void setMember(byte[] member) {
            batch.add(member);
        }

        /** ScoreText's digits always parse back (strtod, as ZADD does) to the very same double; inf/-inf included. */
        @Override
        public void zsetMember(byte[] member, double score) {
            batch.add(ScoreText.format(score)).add(member);
        }

        @Override
        public void hashField(byte[] field, byte[] value, long expireAtMs) {
            batch.add(field).add(value);
            if (expireAtMs >= 0) {
                fieldsByExpiry.computeIfAbsent(expireAtMs, ms -> new ArrayList<>()).add(field);
            }
        }
    }
}
