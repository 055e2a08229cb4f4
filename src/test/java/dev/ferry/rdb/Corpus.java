package dev.ferry.rdb;

import dev.ferry.rdb.value.StreamGroup;
import dev.ferry.rdb.value.StreamId;
import dev.ferry.rdb.value.StreamMeta;
import dev.ferry.rdb.value.ValueVisitor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared conformance corpus in {@code ../shared/rdb-corpus} (relative to the project directory, never
 * copied into the project), its manifest, and a fully decoded in-memory model of a file for assertions.
 *
 * <p>Redis strings are held as ISO-8859-1 Java strings: one char per byte, so they are lossless and have
 * value equality, which keeps maps and sets of members simple to compare.
 */
final class Corpus {
    static final Path ROOT = Path.of("../shared/rdb-corpus");

    private static final Map<String, Parsed> CACHE = new ConcurrentHashMap<>();

    private Corpus() {}

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    static boolean available() {
        return Files.isRegularFile(ROOT.resolve("MANIFEST.tsv"));
    }

    /** Rows of a TSV file with a header, as header-name to value maps. */
    static List<Map<String, String>> tsv(String name) {
        try {
            List<String> lines = Files.readAllLines(ROOT.resolve(name), StandardCharsets.UTF_8);
            String[] header = lines.get(0).split("\t", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], i < cells.length ? cells[i] : "");
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static volatile List<Map<String, String>> manifest;

    static List<Map<String, String>> manifest() {
        if (manifest == null) {
            manifest = tsv("MANIFEST.tsv");
        }
        return manifest;
    }

    /** Manifest rows of RDB files (and the AOF with an RDB preamble). */
    static List<Map<String, String>> rdbRows() {
        return manifest().stream()
                .filter(r -> r.get("role").equals("rdb") || r.get("role").equals("aof-with-rdb-preamble"))
                .toList();
    }

    static Map<String, String> manifestRow(String path) {
        return manifest().stream().filter(r -> r.get("path").equals(path)).findFirst().orElseThrow();
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    static InputStream open(String relative) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file(relative)), 1 << 16);
    }

    /** Parses and fully decodes a file (cached: several tests look at the same files). */
    static Parsed parse(String relative) {
        return CACHE.computeIfAbsent(relative, r -> {
            try (InputStream in = open(r)) {
                return parse(in, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Parsed parse(InputStream in, boolean verifyChecksum) {
        RdbParser p = RdbParser.open(in, verifyChecksum);
        Parsed out = new Parsed(p.rdbVersion());
        for (RdbRecord r; (r = p.next()) != null; ) {
            if (r instanceof KeyRecord k) {
                Collector c = new Collector();
                p.decodeValue(c);
                out.keys.add(new Key(k, c.value(k.type()), c));
            } else if (r instanceof RdbRecord.Function f) {
                out.functions.add(f);
            } else if (r instanceof RdbRecord.Aux a) {
                out.aux.put(a.name(), s(a.value()));
            } else if (r instanceof RdbRecord.ModuleAux m) {
                out.moduleAux.add(m);
            }
        }
        out.endOffset = p.position();
        return out;
    }

    static final class Parsed {
        final int rdbVersion;
        final List<Key> keys = new ArrayList<>();
        final List<RdbRecord.Function> functions = new ArrayList<>();
        final Map<String, String> aux = new LinkedHashMap<>();
        final List<RdbRecord.ModuleAux> moduleAux = new ArrayList<>();
        long endOffset;

        Parsed(int rdbVersion) {
            this.rdbVersion = rdbVersion;
        }

        /** The (last) key with this name in db; files written by tools can repeat a key. */
        Key key(int db, String name) {
            Key found = null;
            for (Key k : keys) {
                if (k.db == db && k.name.equals(name)) {
                    found = k;
                }
            }
            if (found == null) {
                throw new AssertionError("no key '" + name + "' in db " + db);
            }
            return found;
        }

        Key key(String name) {
            return key(0, name);
        }
    }

    /** One decoded key. {@code value}: String, List, Set, Map (zset: member to Double; hash: field to value), or Stream. */
    static final class Key {
        final int db;
        final String name;
        final int type;
        final String logical;
        final long expireAtMs;
        final long idle;
        final int freq;
        final Object value;
        final Map<String, Long> fieldTtls;
        final long count;
        final StreamMeta streamMeta;
        final List<StreamGroup> groups;
        final String moduleType;

        Key(KeyRecord k, Object value, Collector c) {
            this.db = k.db();
            this.name = s(k.key());
            this.type = k.type();
            this.logical = RdbType.logicalName(k.type());
            this.expireAtMs = k.expireAtMs();
            this.idle = k.idle();
            this.freq = k.freq();
            this.value = value;
            this.fieldTtls = c.fieldTtls;
            this.count = c.count;
            this.streamMeta = c.meta;
            this.groups = c.groups;
            this.moduleType = c.moduleType;
        }

        @SuppressWarnings("unchecked")
        <T> T value() {
            return (T) value;
        }

        /** What Redis's STRLEN / LLEN / HLEN / SCARD / ZCARD / XLEN gives. */
        long redisLength() {
            return value instanceof String str ? str.length() : count;
        }

        @Override
        public String toString() {
            return "db" + db + ":" + name + "(" + logical + ")";
        }
    }

    /** Stream entries in file order: id to alternating field, value. */
    record Stream(LinkedHashMap<String, List<String>> entries) {}

    /** Visitor that builds the model value. */
    static final class Collector implements ValueVisitor {
        String string;
        final List<String> list = new ArrayList<>();
        final Set<String> set = new LinkedHashSet<>();
        final Map<String, Double> zset = new LinkedHashMap<>();
        final Map<String, String> hash = new LinkedHashMap<>();
        final Map<String, Long> fieldTtls = new HashMap<>();
        final LinkedHashMap<String, List<String>> entries = new LinkedHashMap<>();
        final List<StreamGroup> groups = new ArrayList<>();
        StreamMeta meta;
        String moduleType;
        long count;

        @Override
        public void stringValue(byte[] value) {
            string = s(value);
        }

        @Override
        public void listItem(byte[] item) {
            list.add(s(item));
            count++;
        }

        @Override
        public void setMember(byte[] member) {
            set.add(s(member));
            count++;
        }

        @Override
        public void zsetMember(byte[] member, double score) {
            zset.put(s(member), score);
            count++;
        }

        @Override
        public void hashField(byte[] field, byte[] value, long expireAtMs) {
            hash.put(s(field), s(value));
            if (expireAtMs >= 0) {
                fieldTtls.put(s(field), expireAtMs);
            }
            count++;
        }

        @Override
        public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
            List<String> fv = new ArrayList<>();
            for (byte[] b : fieldsAndValues) {
                fv.add(s(b));
            }
            entries.put(id.toString(), fv);
            count++;
        }

        @Override
        public void streamMeta(StreamMeta m) {
            meta = m;
        }

        @Override
        public void streamGroup(StreamGroup group) {
            groups.add(group);
        }

        @Override
        public void moduleValue(String type, int encodingVersion) {
            moduleType = type;
            count = 1;
        }

        Object value(int type) {
            return switch (RdbType.logicalName(type)) {
                case "string" -> string;
                case "list" -> list;
                case "set" -> set;
                case "zset" -> zset;
                case "hash" -> hash;
                case "stream" -> new Stream(entries);
                default -> moduleType;
            };
        }
    }
}
