package dev.ferry.verify;

import dev.ferry.config.FilterConfig;
import dev.ferry.config.RedisWriterConfig;
import dev.ferry.resp.RedisEndpoint;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A comparer of the verify job: takes SCAN pages of any source server, reads their keys there and on the target, and
 * reports what differs ({@link BatchComparer}). Keeps one connection per source server it has seen, and one target.
 */
final class ComparePages extends RichFlatMapFunction<KeyPage, Compared> {
    private static final long serialVersionUID = 1L;

    private final List<RedisEndpoint> servers;
    private final RedisWriterConfig writer;
    private final FilterConfig filter;
    private final VerifyOptions options;

    private transient Side target;
    private transient Map<Integer, ShardBatches> shards;

    private record ShardBatches(NodeSide source, BatchComparer batches) {}

    ComparePages(List<RedisEndpoint> servers, RedisWriterConfig writer, FilterConfig filter, VerifyOptions options) {
        this.servers = List.copyOf(servers);
        this.writer = writer;
        this.filter = filter;
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) {
        target = Verify.target(writer);
        shards = new HashMap<>();
    }

    @Override
    public void flatMap(KeyPage page, Collector<Compared> out) throws Exception {
        BatchComparer batches = shards.computeIfAbsent(page.shard(), this::connect).batches();
        if (!batches.targetHolds(page.db())) {
            return;
        }
        for (Difference d : batches.compare(page.db(), Arrays.asList(page.keys()))) {
            out.collect(Compared.of(page.shard(), d));
        }
        out.collect(Compared.count(page.shard(), page.keys().length));
    }

    private ShardBatches connect(int shard) {
        NodeSide source = Verify.node(servers.get(shard), "source");
        return new ShardBatches(source, new BatchComparer(source, target, filter, options));
    }

    @Override
    public void close() {
        if (shards != null) {
            shards.values().forEach(s -> s.source().close());
        }
        if (target != null) {
            target.close();
        }
    }
}
