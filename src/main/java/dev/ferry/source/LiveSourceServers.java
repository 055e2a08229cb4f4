package dev.ferry.source;

import dev.ferry.config.FerryConfig;
import dev.ferry.job.MigrationJob;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.source.scan.ScanSettings;
import dev.ferry.source.scan.ShardDiscovery;
import java.util.List;

/**
 * The servers a live source reads now, with its login: a standalone source, the master (or replica) Sentinel names,
 * each master of a cluster, the shards a SCAN reads. What the checks before and after a migration ask.
 */
public final class LiveSourceServers {
    private LiveSourceServers() {}

    /** Empty for an RDB-file source. */
    public static List<RedisEndpoint> of(FerryConfig cfg) {
        if (cfg.syncReader() != null) {
            return SyncSource.of(cfg.syncReader(), MigrationJob.spoolDir(cfg), 0).currentServers();
        }
        if (cfg.scanReader() != null) {
            return ShardDiscovery.servers(ScanSettings.of(cfg.scanReader()));
        }
        return List.of();
    }
}
