package dev.ferry.verify.check;

import dev.ferry.rdb.KeyRecord;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Reads {@code [rdb_reader]} files with the parser, skipping values: keys per db, the RDB version, the sum and the
 * largest of the DUMP payloads. Keys whose TTL has passed are counted but not passed on: Ferry does not write them.
 */
final class RdbFileSurvey implements SourceSurvey {
    /** The DUMP framing around a raw value: type byte, 2-byte RDB version, 8-byte CRC-64. */
    private static final int DUMP_FRAMING = 11;

    private final List<Path> files;
    private final LongSupplier clock;

    RdbFileSurvey(List<Path> files, LongSupplier clock) {
        this.files = List.copyOf(files);
        this.clock = clock;
    }

    @Override
    public byte[] sampleKey() throws IOException {
        for (Path file : files) {
            try (InputStream in = open(file)) {
                RdbParser parser = RdbParser.open(in, false);
                for (RdbRecord rec; (rec = parser.next()) != null; ) {
                    if (rec instanceof KeyRecord k) {
                        return k.key();
                    }
                }
            }
        }
        return null;
    }

    @Override
    public SourceReport read(KeyListener listener) throws IOException {
        Map<Integer, Long> keysPerDb = new TreeMap<>();
        int rdbVersion = 0;
        long expired = 0;
        long functions = 0;
        long payloadBytes = 0;
        long biggest = 0;
        String biggestKey = null;
        long now = clock.getAsLong();
        for (Path file : files) {
            try (InputStream in = open(file)) {
                RdbParser parser = RdbParser.open(in, true);
                rdbVersion = Math.max(rdbVersion, parser.rdbVersion());
                for (RdbRecord rec; (rec = parser.next()) != null; ) {
                    if (rec instanceof RdbRecord.Function) {
                        functions++;
                    }
                    if (!(rec instanceof KeyRecord k)) {
                        continue;
                    }
                    long payload = parser.skipValue() + DUMP_FRAMING;
                    keysPerDb.merge(k.db(), 1L, Long::sum);
                    payloadBytes += payload;
                    if (payload > biggest) {
                        biggest = payload;
                        biggestKey = "db" + k.db() + " " + k.printableKey();
                    }
                    if (k.expireAtMs() != KeyRecord.NO_EXPIRE && k.expireAtMs() <= now) {
                        expired++;
                    } else {
                        listener.key(k.db(), k.key(), k.type(), payload);
                    }
                }
            }
        }
        return new SourceReport(SourceReport.KIND_RDB, files.stream().map(Path::toString).toList(), rdbVersion, null, keysPerDb,
                expired, functions, payloadBytes,
                "sum of the DUMP payload sizes: a lower bound of the memory the keys take on the target", biggest,
                biggestKey, List.of());
    }

    @Override
    public Map<Integer, Long> sampledFrom() {
        return null;
    }

    private static InputStream open(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }
}
