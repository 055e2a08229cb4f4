package dev.ferry.config;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Section {@code [rdb_reader]}: read one or more RDB files.
 *
 * <pre>
 * [rdb_reader]
 * filepath = "/backups/dump.rdb"                          # RedisShake's form: one file
 * filepath = ["/backups/a.rdb", "/backups/b.rdb"]         # Ferry extension: several files
 * </pre>
 *
 * <p>Relative paths are resolved against the current working directory of the Ferry process
 * when the config is loaded, so {@link #filepaths()} always holds absolute paths. (RedisShake
 * changes into {@code [advanced] dir} first, so there a relative path is relative to that
 * directory; Ferry reports a note when a relative path is used. Prefer absolute paths.)
 *
 * @param filepaths the RDB files, absolute, in the order given; never empty
 */
public record RdbReaderConfig(List<Path> filepaths) implements ReaderConfig {

    @Serial
    private static final long serialVersionUID = 1L;

    public RdbReaderConfig {
        Objects.requireNonNull(filepaths, "filepaths");
        filepaths = List.copyOf(filepaths);
        if (filepaths.isEmpty()) {
            throw new IllegalArgumentException("rdb_reader needs at least one file");
        }
    }

    @Override
    public String section() {
        return "rdb_reader";
    }

    // java.nio.file.Path is not Serializable: ship the paths as strings.
    @Serial
    private Object writeReplace() {
        List<String> paths = new ArrayList<>();
        filepaths.forEach(p -> paths.add(p.toString()));
        return new Ser(paths);
    }

    private record Ser(List<String> filepaths) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new RdbReaderConfig(filepaths.stream().map(Path::of).toList());
        }
    }
}
