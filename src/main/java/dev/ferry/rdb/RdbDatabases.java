package dev.ferry.rdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The databases that hold keys in an RDB file, found by reading it once: every value is stepped over
 * ({@link RdbParser#next()} skips what nobody captured) without being decoded or copied, and the trailing
 * checksum is left to the migration itself. 1.0 s for the 111 MB benchmark file in a fresh JVM
 * ({@code bench/run-dbscan.sh}).
 */
public final class RdbDatabases {
    private RdbDatabases() {}

    /** @throws RdbFormatException when the file is damaged, as the migration would find it */
    public static SortedSet<Integer> of(Path file) throws IOException {
        SortedSet<Integer> dbs = new TreeSet<>();
        try (InputStream in = Files.newInputStream(file)) {
            RdbParser parser = RdbParser.open(in, false);
            int last = -1;
            for (RdbRecord r; (r = parser.next()) != null; ) {
                if (r instanceof KeyRecord k && k.db() != last) {
                    last = k.db();
                    dbs.add(last);
                }
            }
        }
        return dbs;
    }
}
