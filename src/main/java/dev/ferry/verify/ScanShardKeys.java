package dev.ferry.verify;

import dev.ferry.resp.RedisEndpoint;
import java.util.List;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** The verify job's scanner: every db of one source server, SCANned page by page into {@link KeyPage}s. */
final class ScanShardKeys extends RichFlatMapFunction<Integer, KeyPage> {
    private static final long serialVersionUID = 1L;

    private final List<RedisEndpoint> servers;

    ScanShardKeys(List<RedisEndpoint> servers) {
        this.servers = List.copyOf(servers);
    }

    @Override
    public void flatMap(Integer shard, Collector<KeyPage> out) throws Exception {
        RedisEndpoint server = servers.get(shard);
        try (NodeSide node = Verify.node(server, "source")) {
            ScanLoop.scanAll(node, ShardComparer.SCAN_COUNT, (db, keys) -> out.collect(new KeyPage(shard, db, keys.toArray(byte[][]::new))));
        }
    }
}
