package dev.ferry.testing;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import java.nio.file.Path;
import java.util.List;

/** The configuration of a live migration test: the reader's TOML, a standalone target, checkpoints every 300 ms. */
public final class LiveConfig {
    private LiveConfig() {
    }

    /** @param reader the reader's section (and its sub-tables) as TOML */
    public static FerryConfig of(String reader, String target, Path dir, int parallelism) {
        return ConfigLoader.parse(reader + """
                [redis_writer]
                address = "%s"
                [advanced]
                dir = "%s"
                [flink]
                parallelism = %d
                checkpoint_interval = "300ms"
                """.formatted(target, dir, parallelism), "live.toml", List.of());
    }
}
