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

    /** @param reader the reader's section (and its sub-tables) as TOML */
    public static FerryConfig of(String reader, String target, Path dir, int parallelism) {
        return ConfigLoader.parse(toml(reader, target, dir, parallelism), "live.toml", List.of());
    }

    /** The same as {@code dir/ferry.toml}, for {@code ferry run -c}; working files (and checkpoints) under {@code dir/data}. */
    public static Path write(String reader, String target, Path dir, int parallelism) {
        Path file = dir.resolve("ferry.toml");
        try {
            Files.writeString(file, toml(reader, target, dir.resolve("data"), parallelism));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String toml(String reader, String target, Path dir, int parallelism) {
        return reader + """
                [redis_writer]
                address = "%s"
                [advanced]
                dir = "%s"
                log_interval = 1
                [flink]
                parallelism = %d
                checkpoint_interval = "300ms"
                """.formatted(target, dir, parallelism);
    }
}
