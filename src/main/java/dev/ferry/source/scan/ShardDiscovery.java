package dev.ferry.source.scan;

import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.sink.TargetTopologyException;
import dev.ferry.sink.cluster.SlotMap;
import dev.ferry.sink.cluster.SlotMapLoader;
import dev.ferry.source.SourceSetupException;
import dev.ferry.source.split.ScanSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * The shards of the source, one split each: the configured server, or every master of a cluster as CLUSTER SHARDS
 * (CLUSTER SLOTS before 7.0) lists them, found with the writer's {@link SlotMapLoader}.
 */
@Internal
public final class ShardDiscovery {
    private static final int READ_TIMEOUT_MS = 10_000;

    private ShardDiscovery() {}

    public static List<ScanSplit> shards(ScanSettings settings) {
        RedisEndpoint seed = settings.seed();
        if (settings.cluster()) {
            SlotMap map;
            try {
                map = SlotMapLoader.load(seed);
            } catch (TargetTopologyException e) {
                throw new SourceSetupException(e.getMessage());
            }
            if (map.unservedSlots() > 0) {
                throw new SourceSetupException("source " + ScanSettings.SECTION + " cluster at " + seed.address() + " has "
                        + map.unservedSlots() + " slots no master serves: the keys there cannot be scanned; fix the cluster "
                        + "(CLUSTER INFO, cluster_state) and start again");
            }
            return map.masters().stream().map(m -> ScanSplit.of(m.host(), m.port())).toList();
        }
        try (RedisConnection c = RedisConnection.open(seed, READ_TIMEOUT_MS)) {
            String info = SourceReplies.text(SourceReplies.check(c.call("INFO", "cluster"), "INFO cluster", seed));
            if (info.contains("cluster_enabled:1")) {
                throw new SourceSetupException("source " + ScanSettings.SECTION + " at " + seed.address() + " is a cluster node: "
                        + "a SCAN there sees only that node's keys; set " + ScanSettings.SECTION + " cluster = true");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("source " + ScanSettings.SECTION + " at " + seed.address() + ": " + e.getMessage(), e);
        }
        return List.of(ScanSplit.of(seed.host(), seed.port()));
    }

    /** The servers the shards are scanned on, with the source's login: what checks before the job ask. */
    public static List<RedisEndpoint> servers(ScanSettings settings) {
        return shards(settings).stream().map(s -> settings.endpoint(s.host(), s.port())).toList();
    }
}
