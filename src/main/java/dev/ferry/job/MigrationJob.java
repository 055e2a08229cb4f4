package dev.ferry.job;

import dev.ferry.config.FerryConfig;
import dev.ferry.config.RdbReaderConfig;
import dev.ferry.config.RedisWriterConfig;
import dev.ferry.event.RedisEvent;
import dev.ferry.ordering.OrderingFunction;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.sink.CommandPathSettings;
import dev.ferry.sink.ConflictLogSink;
import dev.ferry.sink.RedisWriterOperator;
import dev.ferry.source.RdbFileSource;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The migration topology of DESIGN.md: source → keyBy(db, key) → OrderingFunction → writer, with the
 * writer's conflicts going to {@code <dir>/conflicts.jsonl}. Used both in-process and under {@code flink run}.
 */
public final class MigrationJob {
    public static final String CONFLICTS_FILE = "conflicts.jsonl";

    private MigrationJob() {}

    public static void build(StreamExecutionEnvironment env, FerryConfig cfg) {
        env.setParallelism(cfg.flink().parallelism());
        env.enableCheckpointing(cfg.flink().checkpointInterval().toMillis());

        DataStream<RedisEvent> events = env.fromSource(source(cfg.rdbReader()), WatermarkStrategy.noWatermarks(), "rdb-reader")
                .uid("rdb-reader");
        SingleOutputStreamOperator<Void> written = events
                .keyBy(new RedisEventKeySelector())
                .process(new OrderingFunction())
                .uid("ordering")
                .name("ordering")
                .transform("redis-writer", Types.VOID, new RedisWriterOperator(
                        target(cfg.redisWriter()),
                        cfg.advanced().rdbRestoreCommandBehavior(),
                        cfg.advanced().pipelineCountLimit(),
                        new CommandPathSettings(cfg.advanced().rewriteBatchSize(), cfg.advanced().targetRedisProtoMaxBulkLen())))
                .uid("redis-writer");
        written.getSideOutput(RedisWriterOperator.CONFLICTS)
                .sinkTo(new ConflictLogSink(conflictsFile(cfg)))
                .name("conflicts-log")
                .uid("conflicts-log")
                .setParallelism(1);
    }

    public static Path conflictsFile(FerryConfig cfg) {
        return cfg.advanced().dir().resolve(CONFLICTS_FILE);
    }

    public static RedisEndpoint target(RedisWriterConfig w) {
        return new RedisEndpoint(w.host(), w.port(), w.username(), w.password(), w.tls(), "target [redis_writer]");
    }

    private static RdbFileSource source(RdbReaderConfig r) {
        RdbFileSource.Builder b = RdbFileSource.builder();
        r.filepaths().forEach(b::addFile);
        return b.build();
    }
}
