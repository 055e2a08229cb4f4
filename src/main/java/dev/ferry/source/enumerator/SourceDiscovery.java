package dev.ferry.source.enumerator;

import dev.ferry.resp.RedisEndpoint;
import dev.ferry.sink.cluster.SlotMap;
import dev.ferry.sink.cluster.SlotMapLoader;
import dev.ferry.source.reader.ReplicaSettings;
import dev.ferry.source.reader.SourceServers;
import dev.ferry.source.split.SourceLocator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica splits of a source, by split id: one for a server, one for the master Sentinel names (which must be
 * found now: an unreachable Sentinel or an unknown master name is a configuration error), one per shard of a
 * cluster, as {@code CLUSTER SHARDS} (or {@code CLUSTER SLOTS} before Redis 7.0) lists them.
 */
@Internal
public final class SourceDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(SourceDiscovery.class);

    private SourceDiscovery() {}

    /**
     * @param sentinelMaster the name Sentinel monitors the source master under, or null
     * @param cluster        the source is a cluster, {@code settings.source()} one of its nodes
     */
    public static Map<String, SourceLocator> splits(ReplicaSettings settings, String sentinelMaster, boolean cluster) {
        Map<String, SourceLocator> splits = new LinkedHashMap<>();
        RedisEndpoint source = settings.source();
        if (sentinelMaster != null) {
            SourceLocator.SentinelMaster m = new SourceLocator.SentinelMaster(settings.sentinel().address(),
                    sentinelMaster);
            RedisEndpoint master = new SourceServers(settings).sentinels(m).resolve();
            LOG.info("{}: the master is {} now", m, master.address());
            splits.put("sentinel-" + sentinelMaster, m);
        } else if (cluster) {
            SlotMap map = SlotMapLoader.load(source);
            for (SlotMap.Shard shard : map.shards()) {
                Set<String> seeds = new LinkedHashSet<>();
                seeds.add(shard.master().address());
                shard.replicas().forEach(r -> seeds.add(r.address()));
                seeds.add(source.address());
                SlotMap.SlotRange first = shard.ranges().get(0);
                splits.put("cluster-slots-" + first, new SourceLocator.ClusterShard(first.first(), seeds.stream().toList()));
            }
            LOG.info("cluster source {}: {} shard(s): {}", source.address(), map.shards().size(), map);
        } else {
            splits.put(source.address(), new SourceLocator.Server(source.address()));
        }
        return splits;
    }
}
