package dev.ferry.verify.check;

import dev.ferry.config.FerryConfig;
import dev.ferry.config.SyncReaderConfig;
import dev.ferry.resp.RedisEndpoint;
import java.util.List;

/**
 * The survey for the configured reader. A new reader (Sentinel or cluster {@code [sync_reader]}, {@code [scan_reader]})
 * plugs in here: a live one passes its masters to {@link LiveSourceSurvey}.
 */
final class SourceSurveys {
    private SourceSurveys() {}

    /** @param sample keys to look up on a live source, 0 for all */
    static SourceSurvey of(FerryConfig cfg, long sample) {
        if (cfg.rdbReader() != null) {
            return new RdbFileSurvey(cfg.rdbReader().filepaths(), System::currentTimeMillis);
        }
        SyncReaderConfig s = cfg.syncReader();
        RedisEndpoint source = new RedisEndpoint(s.host(), s.port(), s.username(), s.password(), s.tls(), "source [sync_reader]");
        return new LiveSourceSurvey(List.of(source), s.username(), sample);
    }
}
