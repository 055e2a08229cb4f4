package dev.ferry.verify;

import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import java.util.List;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** The verify job's scanner: every db of one source server, SCANned page by page into {@link KeyPage}s. */
final class ScanShardKeys extends RichFlatMapFunction<Integer, KeyPage> {
    private static final long serialVersionUID = 1L;
    private static final int SCAN_COUNT = 1000;

    private final List<RedisEndpoint> servers;
    private final int readTimeoutMs;

    ScanShardKeys(List<RedisEndpoint> servers, int readTimeoutMs) {
        this.servers = List.copyOf(servers);
        this.readTimeoutMs = readTimeoutMs;
    }

    @Override
    public void flatMap(Integer shard, Collector<KeyPage> out) throws Exception {
        RedisEndpoint server = servers.get(shard);
        try (NodeSide node = new NodeSide(RedisConnection.open(server, readTimeoutMs), "source " + server.address())) {
            ScanLoop.scanAll(node, SCAN_COUNT, (db, keys) -> out.collect(new KeyPage(shard, db, keys.toArray(byte[][]::new))));
        }
    }
}
