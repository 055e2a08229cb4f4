package dev.ferry.cli;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of every command that runs on Ferry's config ({@code @Mixin}): the TOML file and its {@code --set} overrides. */
public final class ConfigOptions {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "TOML config (see conf/)")
    Path config;

    @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE", description = "override a config key, e.g. --set advanced.rdb_restore_command_behavior=rewrite")
    List<String> overrides = new ArrayList<>();

    /** The config file as given. */
    public Path file() {
        return config;
    }

    /** The config with the overrides applied. */
    public FerryConfig load() {
        return ConfigLoader.load(config, overrides);
    }
}
