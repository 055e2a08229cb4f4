package dev.ferry.source;

import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test files from ../shared/rdb-corpus, and what the parser gives for them when used directly. */
public final class RdbCorpus {
    public static final Path ROOT = Path.of("../shared/rdb-corpus");

    private RdbCorpus() {}

    public static Path file(String relative) {
        Path p = ROOT.resolve(relative).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("corpus file missing: " + p);
        }
        return p;
    }

    /** One key as the parser reads it directly. */
    public record Entry(int db, byte[] key, byte[] payload, long offset) {
        public String id() {
            return id(db, key);
        }

        public static String id(int db, byte[] key) {
            return db + ":" + HexFormat.of().formatHex(key);
        }
    }

    public static List<Entry> parse(Path file) {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            RdbParser p = RdbParser.open(in);
            for (RdbRecord r; (r = p.next()) != null; ) {
                if (r instanceof KeyRecord k) {
                    out.add(new Entry(k.db(), k.key(), p.captureDumpPayload(), k.offset()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
