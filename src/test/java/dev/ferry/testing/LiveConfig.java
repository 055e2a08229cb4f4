package dev.ferry.testing;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The configuration of a live migration test: the reader's TOML, a standalone target, checkpoints every 300 ms,
 * a progress line per split every second.
 */
public final class LiveConfig {
    private LiveConfig() {
    }

    /**
     * @param reader   the reader's section (and its sub-tables) as TOML
     * @param advanced more {@code [advanced]} lines, e.g. {@code "pipeline_count_limit = 1"}
     */
    public static FerryConfig of(String reader, String target, Path dir, int parallelism, String... advanced) {
        return ConfigLoader.parse(toml(reader, target, dir, parallelism, advanced), "live.toml", List.of());
    }

    /**
     * The same as {@code dir/ferry.toml}, for {@code ferry run -c}; working files (and checkpoints) under {@code dir/data}.
     *
     * @param advanced more {@code [advanced]} lines, e.g. {@code "pipeline_count_limit = 1"}
     */
    public static Path write(String reader, String target, Path dir, int parallelism, String... advanced) {
        Path file = dir.resolve("ferry.toml");
        try {
            Files.writeString(file, toml(reader, target, dir.resolve("data"), parallelism, advanced));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String toml(String reader, String target, Path dir, int parallelism, String... advanced) {
        return reader + """
                [redis_writer]
                address = "%s"
                [advanced]
                dir = "%s"
                log_interval = 1
                """.formatted(target, dir) + String.join("\n", advanced) + """

                [flink]
                parallelism = %d
                checkpoint_interval = "300ms"
                """.formatted(parallelism);
    }
}
