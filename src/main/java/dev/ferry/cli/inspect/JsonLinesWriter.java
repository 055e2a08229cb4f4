package dev.ferry.cli.inspect;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import dev.ferry.rdb.RdbType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Writes a snapshot as JSON lines, one object per key (and per function library), streaming each value's
 * elements straight to the output so no value is held in memory.
 */
public final class JsonLinesWriter {
    private final JsonGenerator gen;

    public JsonLinesWriter(OutputStream out) throws IOException {
        gen = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        gen.setRootValueSeparator(null);
    }

    public void write(RdbParser parser) throws IOException {
        try {
            for (RdbRecord r; (r = parser.next()) != null; ) {
                if (r instanceof KeyRecord k) {
                    writeKey(parser, k);
                } else if (r instanceof RdbRecord.Function f) {
                    writeFunction(f);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            gen.flush();
        }
    }

    private void writeKey(RdbParser parser, KeyRecord k) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("db", k.db());
        gen.writeFieldName("key");
        JsonValues.writeBytes(gen, k.key());
        gen.writeStringField("type", RdbType.logicalName(k.type()));
        if (k.expireAtMs() != KeyRecord.NO_EXPIRE) {
            gen.writeNumberField("expire_ms", k.expireAtMs());
        }
        gen.writeFieldName("value");
        if (k.type() == RdbType.MODULE_2) {
            byte[] raw = parser.captureValue();
            gen.writeStartObject();
            gen.writeStringField("module", JsonValues.moduleName(raw));
            gen.writeStringField("b64", Base64.getEncoder().encodeToString(raw));
            gen.writeEndObject();
        } else {
            JsonValueVisitor visitor = new JsonValueVisitor(gen);
            parser.decodeValue(visitor);
            visitor.writeTrailingFields();
        }
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    private void writeFunction(RdbRecord.Function f) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "function");
        if (f.name() != null) {
            gen.writeStringField("name", f.name());
            gen.writeStringField("engine", f.engine());
            if (f.description() != null) {
                gen.writeStringField("description", f.description());
            }
        }
        gen.writeFieldName("code");
        JsonValues.writeBytes(gen, f.code());
        gen.writeEndObject();
        gen.writeRaw('\n');
    }
}
