package dev.ferry.config;

import java.io.Serializable;

/**
 * The source of a migration: one of the reader sections of the config file.
 *
 * <p>Adding a reader means adding a record that implements this interface, naming it in
 * {@code permits}, a nullable component in {@link FerryConfig} and a case in
 * {@link ConfigLoader}'s reader switch.
 */
public sealed interface ReaderConfig extends Serializable permits RdbReaderConfig, SyncReaderConfig, ScanReaderConfig {

    /** The TOML section this reader is configured by, e.g. {@code rdb_reader}. */
    String section();
}
