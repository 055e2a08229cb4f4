package dev.ferry.job;

import dev.ferry.config.FerryConfig;
import dev.ferry.config.RdbReaderConfig;
import dev.ferry.event.RedisEvent;
import dev.ferry.ordering.OrderingFunction;
import dev.ferry.sink.ConflictLogSink;
import dev.ferry.sink.RedisWriterOperator;
import dev.ferry.source.RdbFileSource;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
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
        SingleOutputStreamOperator<Void> written = byKey(events, cfg.flink().parallelism())
                .process(new OrderingFunction())
                .uid("ordering")
                .name("ordering")
                .transform("redis-writer", Types.VOID, new RedisWriterOperator(
                        cfg.redisWriter(),
                        cfg.advanced().rdbRestoreCommandBehavior(),
                        cfg.advanced().pipelineCountLimit()))
                .uid("redis-writer");
        written.getSideOutput(RedisWriterOperator.CONFLICTS)
                .sinkTo(new ConflictLogSink(conflictsFile(cfg)))
                .name("conflicts-log")
                .uid("conflicts-log")
                .setParallelism(1);
    }

    /**
     * {@code keyBy(db, key)}. With one subtask every key already lands on it, so the stream is only declared
     * keyed: no shuffle, and source, ordering and writer chain into one task without serializing each event
     * between them.
     */
    private static KeyedStream<RedisEvent, String> byKey(DataStream<RedisEvent> events, int parallelism) {
        RedisEventKeySelector byKey = new RedisEventKeySelector();
        return parallelism == 1 ? DataStreamUtils.reinterpretAsKeyedStream(events, byKey) : events.keyBy(byKey);
    }

    public static Path conflictsFile(FerryConfig cfg) {
        return cfg.advanced().dir().resolve(CONFLICTS_FILE);
    }


    private static RdbFileSource source(RdbReaderConfig r) {
        RdbFileSource.Builder b = RdbFileSource.builder();
        r.filepaths().forEach(b::addFile);
        return b.build();
    }
}
