package dev.ferry.config;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A complete, validated Ferry configuration, as loaded by {@link ConfigLoader}. Immutable and
 * {@link Serializable} so it can be shipped to Flink operators; no {@code toString()} in it
 * prints a password.
 *
 * @param rdbReader   section {@code [rdb_reader]}; exactly one reader is non-null
 * @param syncReader  section {@code [sync_reader]}
 * @param scanReader  section {@code [scan_reader]}
 * @param redisWriter section {@code [redis_writer]}
 * @param advanced    section {@code [advanced]}
 * @param flink       section {@code [flink]}
 * @param filter      section {@code [filter]}; {@code null} is read as {@link FilterConfig#none()}
 * @param sourceFile  the config file it was loaded from, for messages; {@code null} when parsed
 *                    from text
 * @param notes       things the user should know that are not errors, such as RedisShake keys
 *                    that Ferry accepts but ignores; the CLI logs them
 */
public record FerryConfig(RdbReaderConfig rdbReader, SyncReaderConfig syncReader, ScanReaderConfig scanReader,
                          RedisWriterConfig redisWriter, AdvancedConfig advanced, FlinkConfig flink, FilterConfig filter,
                          Path sourceFile, List<String> notes) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public FerryConfig {
        Objects.requireNonNull(redisWriter, "redisWriter");
        Objects.requireNonNull(advanced, "advanced");
        Objects.requireNonNull(flink, "flink");
        filter = filter == null ? FilterConfig.none() : filter;
        notes = notes == null ? List.of() : List.copyOf(notes);
        long readers = Stream.of(rdbReader, syncReader, scanReader).filter(Objects::nonNull).count();
        if (readers != 1) {
            throw new IllegalArgumentException("exactly one reader must be configured, got " + readers);
        }
    }

    /** The configured reader, whichever it is. */
    public ReaderConfig reader() {
        return Stream.<ReaderConfig>of(rdbReader, syncReader, scanReader).filter(Objects::nonNull).findFirst().orElseThrow();
    }

    // java.nio.file.Path is not Serializable: ship sourceFile as a string.
    @Serial
    private Object writeReplace() {
        return new Ser(rdbReader, syncReader, scanReader, redisWriter, advanced, flink, filter,
                sourceFile == null ? null : sourceFile.toString(), List.copyOf(notes));
    }

    private record Ser(RdbReaderConfig rdbReader, SyncReaderConfig syncReader, ScanReaderConfig scanReader,
                       RedisWriterConfig redisWriter, AdvancedConfig advanced, FlinkConfig flink, FilterConfig filter,
                       String sourceFile, List<String> notes) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new FerryConfig(rdbReader, syncReader, scanReader, redisWriter, advanced, flink, filter,
                    sourceFile == null ? null : Path.of(sourceFile), notes);
        }
    }
}
