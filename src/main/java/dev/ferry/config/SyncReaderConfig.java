package dev.ferry.config;

import java.io.Serial;
import java.util.Objects;

/**
 * Section {@code [sync_reader]}: Ferry becomes a replica of a standalone source (PSYNC), takes its snapshot and
 * then follows its command stream.
 *
 * <pre>
 * [sync_reader]
 * address = "127.0.0.1:6379"      # the source master (or a replica of it)
 * username = ""                   # ACL user with the replication permissions, empty if not using ACL
 * password = "${SOURCE_PASSWORD}"
 * tls = false
 * sync_rdb = true                 # false: skip the snapshot, only follow the commands after it
 * sync_aof = true                 # false: stop after the snapshot
 * </pre>
 *
 * @param address  {@code host:port} of the source
 * @param username ACL user name, {@code ""} for none
 * @param password password, {@code ""} for none; never printed by {@link #toString()}
 * @param tls      connect with TLS
 * @param syncRdb  write the snapshot's keys to the target
 * @param syncAof  follow the command stream after the snapshot (the job then runs until stopped)
 */
public record SyncReaderConfig(String address, String username, String password, boolean tls, boolean syncRdb,
                               boolean syncAof) implements ReaderConfig, Addressed {

    @Serial
    private static final long serialVersionUID = 1L;

    public SyncReaderConfig {
        Objects.requireNonNull(address, "address");
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        if (!syncRdb && !syncAof) {
            throw new IllegalArgumentException("sync_reader with sync_rdb = false and sync_aof = false reads nothing");
        }
    }

    @Override
    public String section() {
        return "sync_reader";
    }

    @Override
    public String toString() {
        return "SyncReaderConfig[address=" + address + ", username=" + username + ", password="
                + RedisWriterConfig.mask(password) + ", tls=" + tls + ", syncRdb=" + syncRdb + ", syncAof=" + syncAof + "]";
    }
}
