package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes the TOML of a migration into a standalone Redis, as a user would, with extra keys per section. */
public final class MigrationConfig {
    private final List<String> reader = new ArrayList<>();
    private final String target;
    private final Path dir;
    private final List<String> writer = new ArrayList<>();
    private final List<String> advanced = new ArrayList<>();
    private final List<String> flink = new ArrayList<>();
    private final List<String> filter = new ArrayList<>();

    private MigrationConfig(String readerSection, String target, Path dir) {
        this.reader.add("[" + readerSection + "]");
        this.target = target;
        this.dir = dir;
    }

    /** Working files go under {@code dir/data}. */
    public static MigrationConfig rdbToRedis(Path rdb, String targetAddress, Path dir) {
        return new MigrationConfig("rdb_reader", targetAddress, dir).reader("filepath", "\"" + rdb + "\"");
    }

    /** A {@code [scan_reader]} of {@code sourceAddress}; working files go under {@code dir/data}. */
    public static MigrationConfig scanToRedis(String sourceAddress, String targetAddress, Path dir) {
        return new MigrationConfig("scan_reader", targetAddress, dir).reader("address", "\"" + sourceAddress + "\"");
    }

    /** A {@code [sync_reader]} of {@code sourceAddress} (PSYNC); working files go under {@code dir/data}. */
    public static MigrationConfig syncToRedis(String sourceAddress, String targetAddress, Path dir) {
        return new MigrationConfig("sync_reader", targetAddress, dir).reader("address", "\"" + sourceAddress + "\"");
    }

    /** A key of the reader's section, its value as TOML. */
    public MigrationConfig reader(String key, String tomlValue) {
        reader.add(key + " = " + tomlValue);
        return this;
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
        List<String> lines = new ArrayList<>(reader);
        lines.add("[redis_writer]");
        lines.add("address = \"" + target + "\"");
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
