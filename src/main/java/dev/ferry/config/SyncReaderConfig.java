package dev.ferry.config;

import dev.ferry.resp.tls.TlsSettings;
import java.io.Serial;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * Section {@code [sync_reader]}: Ferry becomes a replica (PSYNC) of the source, takes its snapshot and then follows
 * its command stream. The source is one server, every shard of a cluster, or the master (or a replica) that
 * Sentinel names.
 *
 * <pre>
 * [sync_reader]
 * address = "127.0.0.1:6379"      # the source (a master or a replica); with cluster = true any node
 * username = ""                   # ACL user with the replication permissions, empty if not using ACL
 * password = "${SOURCE_PASSWORD}"
 * tls = false                     # true: TLS, checked against the JVM trust store or tls_ca
 * tls_ca = ""                     # PEM file of the CA(s) to trust
 * tls_cert = ""                   # PEM client certificate, with tls_key (tls-auth-clients yes)
 * tls_key = ""
 * tls_skip_verify = false         # trust any certificate (tests only; logged as a WARN)
 * cluster = false                 # true: one replica link per shard of the cluster address belongs to
 * prefer_replica = false          # cluster or Sentinel: replicate from a healthy replica, sparing the master
 * sync_rdb = true                 # false: skip the snapshot, only follow the commands after it
 * sync_aof = true                 # false: stop after the snapshot
 *
 * [sync_reader.sentinel]          # find the source through Sentinel (then address is not needed)
 * master_name = "mymaster"
 * address = "127.0.0.1:26379"
 * </pre>
 *
 * @param address       {@code host:port} of the source (with a sentinel: the sentinel's address)
 * @param username      ACL user name of the data nodes, {@code ""} for none
 * @param password      password of the data nodes, {@code ""} for none; never printed by {@link #toString()}
 * @param tls           TLS, from {@code tls} and the {@code tls_*} keys
 * @param syncRdb       write the snapshot's keys to the target
 * @param syncAof       follow the command stream after the snapshot (the job then runs until stopped)
 * @param cluster       the source is a Redis Cluster and {@code address} any of its nodes
 * @param preferReplica replicate from a replica of each master when one is healthy
 * @param sentinel      the Sentinel to find the source master through, or null
 */
public record SyncReaderConfig(String address, String username, String password, TlsSettings tls, boolean syncRdb,
                               boolean syncAof, boolean cluster, boolean preferReplica, @Nullable SentinelConfig sentinel)
        implements ReaderConfig, Addressed {

    @Serial
    private static final long serialVersionUID = 3L;

    public SyncReaderConfig {
        Objects.requireNonNull(address, "address");
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        tls = tls == null ? TlsSettings.OFF : tls;
        if (!syncRdb && !syncAof) {
            throw new IllegalArgumentException("sync_reader with sync_rdb = false and sync_aof = false reads nothing");
        }
        if (cluster && sentinel != null) {
            throw new IllegalArgumentException("a cluster source is not found through Sentinel");
        }
        if (preferReplica && !cluster && sentinel == null) {
            throw new IllegalArgumentException("prefer_replica needs a cluster or Sentinel source");
        }
    }

    /** A standalone source at {@code address}. */
    public SyncReaderConfig(String address, String username, String password, TlsSettings tls, boolean syncRdb,
                            boolean syncAof) {
        this(address, username, password, tls, syncRdb, syncAof, false, false, null);
    }

    @Override
    public String section() {
        return "sync_reader";
    }

    @Override
    public String toString() {
        return "SyncReaderConfig[" + loginFields() + ", syncRdb=" + syncRdb + ", syncAof=" + syncAof
                + ", cluster=" + cluster + ", preferReplica=" + preferReplica + ", sentinel=" + sentinel + "]";
    }
}
