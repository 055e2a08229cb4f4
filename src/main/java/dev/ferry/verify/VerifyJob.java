package dev.ferry.verify;

import dev.ferry.config.FerryConfig;
import dev.ferry.resp.RedisEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code ferry verify --flink}: the first round as a Flink job, which scales like the migration. A live source is
 * SCANned by one scanner per source server, whose pages are spread over {@code [flink] parallelism} comparers (each
 * reads a page's keys on the server it came from and on the target); an RDB source is compared file by file. The
 * differences come back to this process, where later rounds and {@code --extra} run as without the job.
 */
final class VerifyJob {
    private VerifyJob() {}

    /**
     * @param servers the live source's servers, in the order of the in-process comparers; empty for an RDB source
     * @return round 1 per part: one per source server, or one for all RDB files
     */
    static List<Comparer.RoundResult> firstRound(FerryConfig cfg, VerifyOptions options, List<RedisEndpoint> servers)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false); // every record has a serializer of its own
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        int comparers = cfg.flink().parallelism();
        env.setParallelism(comparers);
        boolean rdb = cfg.rdbReader() != null;
        int inputs = rdb ? cfg.rdbReader().filepaths().size() : servers.size();
        DataStream<Integer> parts = env.fromData(IntStream.range(0, inputs).boxed().toList()).name("source-parts")
                .rebalance();
        DataStream<Compared> compared;
        if (rdb) {
            compared = parts.flatMap(new CompareFile(cfg.rdbReader().filepaths(), cfg.redisWriter(), cfg.filter(), options))
                    .name("compare-files").setParallelism(Math.min(inputs, comparers));
        } else {
            compared = parts.flatMap(new ScanShardKeys(servers)).name("scan-source")
                    .setParallelism(Math.min(inputs, comparers))
                    .rebalance()
                    .flatMap(new ComparePages(servers, cfg.redisWriter(), cfg.filter(), options))
                    .name("compare-keys");
        }
        long[] keys = new long[rdb ? 1 : inputs];
        List<List<Difference>> differences = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            differences.add(new ArrayList<>());
        }
        try (CloseableIterator<Compared> results = compared.executeAndCollect("ferry verify")) {
            while (results.hasNext()) {
                Compared c = results.next();
                keys[c.part()] += c.keys();
                if (c.difference() != null) {
                    differences.get(c.part()).add(c.difference());
                }
            }
        }
        List<Comparer.RoundResult> out = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            out.add(new Comparer.RoundResult(keys[i], differences.get(i)));
        }
        return out;
    }
}
