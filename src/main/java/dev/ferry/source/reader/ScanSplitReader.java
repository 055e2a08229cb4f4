package dev.ferry.source.reader;

import dev.ferry.source.scan.ScanSettings;
import dev.ferry.source.split.ScanSplit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;

/**
 * Reads every shard assigned to this reader at once, one step of one shard per fetch, in turn: with {@code ksn} a
 * shard is never finished, so shards cannot wait for each other as RDB files do. A lost connection or a refused
 * command fails the fetch, and with it the job; Flink's restart from the last checkpoint reconnects.
 */
@Internal
public final class ScanSplitReader extends QueuedSplitReader<ScanRecord, ScanSplit> {
    private final ScanSettings settings;
    private final RateLimiter<?> limiter;
    private final RdbSourceMetrics metrics;
    private final List<ShardScan> open = new ArrayList<>();
    private int turn;

    ScanSplitReader(ScanSettings settings, RateLimiter<?> limiter, RdbSourceMetrics metrics) {
        this.settings = settings;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    @Override
    public RecordsWithSplitIds<ScanRecord> fetch() throws IOException {
        RecordsBySplits.Builder<ScanRecord> out = new RecordsBySplits.Builder<>();
        try {
            while (!pending.isEmpty()) {
                ScanSplit split = pending.peek();
                open.add(ShardScan.open(split, settings, limiter, metrics));
                pending.poll();
            }
            if (open.isEmpty()) {
                return out.build();
            }
            turn = (turn + 1) % open.size();
            ShardScan shard = open.get(turn);
            shard.step(out);
            if (shard.finished()) {
                out.addFinishedSplit(shard.splitId());
                open.remove(turn).close();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        return out.build();
    }

    @Override
    public void wakeUp() {
        // fetch() returns within one SCAN batch, or ShardScan.IDLE_WAIT_MS when only notifications are followed
    }

    @Override
    public void close() {
        open.forEach(ShardScan::close);
        open.clear();
    }
}
