package dev.ferry.verify.check;

import dev.ferry.config.FerryConfig;
import dev.ferry.source.LiveSourceServers;

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
        String username = cfg.syncReader() != null ? cfg.syncReader().username() : cfg.scanReader().username();
        return new LiveSourceSurvey(LiveSourceServers.of(cfg), username, sample, LiveSourceReads.of(cfg));
    }
}
