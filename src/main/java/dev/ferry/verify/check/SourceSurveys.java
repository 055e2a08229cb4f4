package dev.ferry.verify.check;

import dev.ferry.config.FerryConfig;
import dev.ferry.job.MigrationJob;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.source.SyncSource;
import dev.ferry.source.scan.ScanSettings;
import dev.ferry.source.scan.ShardDiscovery;
import java.util.List;

/**
 * The survey for the configured reader: an RDB file is read; a live source's servers (a standalone source, the master
 * Sentinel names, a cluster's masters, the shards a SCAN reads) are surveyed by {@link LiveSourceSurvey}.
 */
final class SourceSurveys {
    private SourceSurveys() {}

    /** @param sample keys to look up on a live source, 0 for all */
    static SourceSurvey of(FerryConfig cfg, long sample) {
        if (cfg.rdbReader() != null) {
            return new RdbFileSurvey(cfg.rdbReader().filepaths(), System::currentTimeMillis);
        }
        if (cfg.scanReader() != null) {
            return new LiveSourceSurvey(ShardDiscovery.servers(ScanSettings.of(cfg.scanReader())), cfg.scanReader().username(),
                    sample);
        }
        // a Sentinel's master or a cluster's masters, as the replication would find them now
        List<RedisEndpoint> servers = SyncSource.of(cfg.syncReader(), MigrationJob.spoolDir(cfg)).currentServers();
        return new LiveSourceSurvey(servers, cfg.syncReader().username(), sample);
    }
}
