package dev.ferry.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends every conflict as a JSON line to {@code <dir>/conflicts.jsonl}. Runs with parallelism 1 so
 * there is one file; lines are flushed at each checkpoint and at the end of the job.
 */
public final class ConflictLogSink implements Sink<Conflict> {
    /** Shared: a factory is costly to make (a re-run over a target that differs records a conflict per key) and thread-safe to use. */
    private static final JsonFactory JSON = new JsonFactory();
    private final String file;

    public ConflictLogSink(Path file) {
        this.file = file.toString();
    }

    @Override
    public SinkWriter<Conflict> createWriter(WriterInitContext context) throws IOException {
        Path path = Path.of(file);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new LineWriter(w);
    }

    /** One conflict as the JSON line documented in the README. */
    public static String toJson(Conflict c) throws IOException {
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("kind", c.kind());
            g.writeNumberField("db", c.db());
            String key = utf8(c.key());
            if (key != null) {
                g.writeStringField("key", key);
            } else {
                g.writeObjectFieldStart("key");
                g.writeStringField("b64", Base64.getEncoder().encodeToString(c.key()));
                g.writeEndObject();
            }
            if (c.command() != null) {
                g.writeStringField("command", c.command());
            }
            g.writeStringField("policy", c.policy());
            g.writeStringField("action", c.action());
            g.writeStringField("target", c.target());
            g.writeStringField("source", c.source());
            g.writeEndObject();
        }
        return sw.toString();
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static final class LineWriter implements SinkWriter<Conflict> {
        private final Writer out;

        LineWriter(Writer out) {
            this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out);
        }

        @Override
        public void write(Conflict c, Context context) throws IOException {
            out.write(toJson(c));
            out.write('\n');
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
