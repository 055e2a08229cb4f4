package dev.ferry.cli.inspect;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.encoding.ScoreText;
import dev.ferry.rdb.value.StreamConsumer;
import dev.ferry.rdb.value.StreamGroup;
import dev.ferry.rdb.value.StreamId;
import dev.ferry.rdb.value.StreamMeta;
import dev.ferry.rdb.value.ValueVisitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one value's elements as JSON while the decoder walks it. Field TTLs of a hash are the one thing
 * gathered in memory (only fields that have one), because they go in a sibling field after the value.
 */
final class JsonValueVisitor implements ValueVisitor {
    private final JsonGenerator gen;
    private String logical;
    private final Map<byte[], Long> fieldExpires = new LinkedHashMap<>();
    private boolean inEntries;
    private boolean groupsOpen;

    JsonValueVisitor(JsonGenerator gen) {
        this.gen = gen;
    }

    @Override
    public void begin(int rdbType, long count) {
        logical = RdbType.logicalName(rdbType);
        io(() -> {
            switch (logical) {
                case "list", "set", "zset" -> gen.writeStartArray();
                case "hash" -> gen.writeStartObject();
                case "stream" -> {
                    gen.writeStartObject();
                    gen.writeArrayFieldStart("entries");
                    inEntries = true;
                }
                default -> { }
            }
        });
    }

    @Override
    public void stringValue(byte[] value) {
        io(() -> JsonValues.writeBytes(gen, value));
    }

    @Override
    public void listItem(byte[] item) {
        io(() -> JsonValues.writeBytes(gen, item));
    }

    @Override
    public void setMember(byte[] member) {
        io(() -> JsonValues.writeBytes(gen, member));
    }

    @Override
    public void zsetMember(byte[] member, double score) {
        io(() -> {
            gen.writeStartArray();
            JsonValues.writeBytes(gen, member);
            gen.writeString(ScoreText.format(score));
            gen.writeEndArray();
        });
    }

    @Override
    public void hashField(byte[] field, byte[] value, long expireAtMs) {
        io(() -> {
            JsonValues.writeFieldName(gen, field);
            JsonValues.writeBytes(gen, value);
        });
        if (expireAtMs >= 0) {
            fieldExpires.put(field, expireAtMs);
        }
    }

    @Override
    public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
        io(() -> {
            gen.writeStartArray();
            gen.writeString(id.toString());
            gen.writeStartArray();
            for (byte[] b : fieldsAndValues) {
                JsonValues.writeBytes(gen, b);
            }
            gen.writeEndArray();
            gen.writeEndArray();
        });
    }

    @Override
    public void streamMeta(StreamMeta meta) {
        io(() -> {
            closeEntries();
            gen.writeNumberField("length", meta.length());
            gen.writeStringField("last_id", meta.lastId().toString());
            if (meta.firstId() != null) {
                gen.writeStringField("first_id", meta.firstId().toString());
                gen.writeStringField("max_deleted_entry_id", meta.maxDeletedId().toString());
                gen.writeNumberField("entries_added", meta.entriesAdded());
            }
            gen.writeArrayFieldStart("groups");
            groupsOpen = true;
        });
    }

    @Override
    public void streamGroup(StreamGroup group) {
        io(() -> {
            gen.writeStartObject();
            gen.writeFieldName("name");
            JsonValues.writeBytes(gen, group.name());
            gen.writeStringField("last_delivered_id", group.lastDeliveredId().toString());
            if (group.entriesRead() >= 0) {
                gen.writeNumberField("entries_read", group.entriesRead());
            }
            gen.writeNumberField("pending", group.pending().size());
            gen.writeArrayFieldStart("consumers");
            for (StreamConsumer c : group.consumers()) {
                gen.writeStartObject();
                gen.writeFieldName("name");
                JsonValues.writeBytes(gen, c.name());
                gen.writeNumberField("seen_time", c.seenTimeMs());
                if (c.activeTimeMs() >= 0) {
                    gen.writeNumberField("active_time", c.activeTimeMs());
                }
                gen.writeNumberField("pending", c.pending().size());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        });
    }

    @Override
    public void end() {
        io(() -> {
            switch (logical) {
                case "list", "set", "zset" -> gen.writeEndArray();
                case "hash" -> gen.writeEndObject();
                case "stream" -> {
                    closeEntries();
                    if (groupsOpen) {
                        gen.writeEndArray();
                    }
                    gen.writeEndObject();
                }
                default -> { }
            }
        });
    }

    /** Called after the value closes: hash field TTLs go next to "value". */
    void writeTrailingFields() throws IOException {
        if (fieldExpires.isEmpty()) {
            return;
        }
        gen.writeObjectFieldStart("field_expire_ms");
        for (Map.Entry<byte[], Long> e : fieldExpires.entrySet()) {
            JsonValues.writeFieldName(gen, e.getKey());
            gen.writeNumber(e.getValue());
        }
        gen.writeEndObject();
    }

    private void closeEntries() throws IOException {
        if (inEntries) {
            gen.writeEndArray();
            inEntries = false;
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
