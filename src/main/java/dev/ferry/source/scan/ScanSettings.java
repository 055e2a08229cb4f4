package dev.ferry.source.scan;

import dev.ferry.config.ScanReaderConfig;
import dev.ferry.resp.RedisEndpoint;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * What the scan source's enumerator and readers need to know: {@link ScanReaderConfig} without the config's
 * types, with the configured address as a {@link RedisEndpoint} whose login every shard shares.
 *
 * @param seed the configured address (a cluster: any node); its {@code toString()} never shows the password
 */
@Internal
public record ScanSettings(RedisEndpoint seed, boolean cluster, List<Integer> dbs, boolean scan, int count, boolean ksn,
                           boolean ksnConfigure, long maxQps) implements Serializable {

    public static final String SECTION = "[scan_reader]";

    public ScanSettings {
        dbs = List.copyOf(dbs);
    }

    public static ScanSettings of(ScanReaderConfig c) {
        return new ScanSettings(c.endpoint(SECTION), c.cluster(), c.dbs(), c.scan(), c.count(), c.ksn(), c.ksnConfigure(),
                c.maxQps());
    }

    /** A shard of the source, logged in to like the seed. */
    public RedisEndpoint endpoint(String host, int port) {
        return seed.at(host, port);
    }
}
