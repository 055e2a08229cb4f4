package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes the TOML of an RDB file → standalone Redis migration, as a user would, with extra keys per section. */
public final class MigrationConfig {
    private final Path rdb;
    private final String target;
    private final Path dir;
    private final List<String> writer = new ArrayList<>();
    private final List<String> advanced = new ArrayList<>();
    private final List<String> flink = new ArrayList<>();
    private final List<String> filter = new ArrayList<>();

    private MigrationConfig(Path rdb, String target, Path dir) {
        this.rdb = rdb;
        this.target = target;
        this.dir = dir;
    }

    /** Working files go under {@code dir/data}. */
    public static MigrationConfig rdbToRedis(Path rdb, String targetAddress, Path dir) {
        return new MigrationConfig(rdb, targetAddress, dir);
    }

    public MigrationConfig policy(String policy) {
        return advanced("rdb_restore_command_behavior", "\"" + policy + "\"");
    }

    /** A key of {@code [redis_writer]} (cluster, sentinel, master, ...), its value as TOML. */
    public MigrationConfig writer(String key, String tomlValue) {
        writer.add(key + " = " + tomlValue);
        return this;
    }

    /** A key of {@code [advanced]}, its value as TOML (quote strings yourself). */
    public MigrationConfig advanced(String key, String tomlValue) {
        advanced.add(key + " = " + tomlValue);
        return this;
    }

    public MigrationConfig flink(String key, String tomlValue) {
        flink.add(key + " = " + tomlValue);
        return this;
    }

    /** A key of {@code [filter]}, e.g. {@code filter("db_map", "{ \"1\" = 0 }")}. */
    public MigrationConfig filter(String key, String tomlValue) {
        filter.add(key + " = " + tomlValue);
        return this;
    }

    /** Writes {@code dir/ferry.toml} and returns its path. */
    public Path write() {
        List<String> lines = new ArrayList<>(List.of(
                "[rdb_reader]",
                "filepath = \"" + rdb + "\"",
                "[redis_writer]",
                "address = \"" + target + "\""));
        lines.addAll(writer);
        lines.add("[advanced]");
        lines.add("dir = \"" + dir.resolve("data") + "\"");
        lines.addAll(advanced);
        if (!flink.isEmpty()) {
            lines.add("[flink]");
            lines.addAll(flink);
        }
        if (!filter.isEmpty()) {
            lines.add("[filter]");
            lines.addAll(filter);
        }
        lines.add("");
        Path cfg = dir.resolve("ferry.toml");
        try {
            Files.writeString(cfg, String.join("\n", lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cfg;
    }
}
