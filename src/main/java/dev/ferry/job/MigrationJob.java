package dev.ferry.job;

import dev.ferry.config.FerryConfig;
import dev.ferry.config.RdbReaderConfig;
import dev.ferry.event.RedisEvent;
import dev.ferry.ordering.OrderingFunction;
import dev.ferry.sink.CommandPathSettings;
import dev.ferry.sink.ConflictLogSink;
import dev.ferry.sink.RedisWriterOperator;
import dev.ferry.source.RdbFileSource;
import dev.ferry.source.ScanSource;
import dev.ferry.source.SyncSource;
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

        DataStream<RedisEvent> events = source(env, cfg);
        SingleOutputStreamOperator<Void> written = byKey(events, cfg.flink().parallelism())
                .process(new OrderingFunction())
                .uid("ordering")
                .name("ordering")
                .transform("redis-writer", Types.VOID, new RedisWriterOperator(
                        cfg.redisWriter(),
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


    /** The reader's uid is its section name, so a savepoint of one kind of run never restores into the other. */
    private static DataStream<RedisEvent> source(StreamExecutionEnvironment env, FerryConfig cfg) {
        String name = cfg.reader().section().replace('_', '-');
        if (cfg.syncReader() != null) {
            // one connection per source server: more readers would only idle
            return env.fromSource(SyncSource.of(cfg.syncReader(), spoolDir(cfg)), WatermarkStrategy.noWatermarks(), name)
                    .uid(name).setParallelism(1);
        }
        if (cfg.scanReader() != null) {
            return env.fromSource(ScanSource.of(cfg.scanReader()), WatermarkStrategy.noWatermarks(), name).uid(name);
        }
        return env.fromSource(rdbSource(cfg.rdbReader()), WatermarkStrategy.noWatermarks(), name).uid(name);
    }

    /** Where the sync reader spools what the source sends until a checkpoint has it on the target. */
    public static Path spoolDir(FerryConfig cfg) {
        return cfg.advanced().dir().resolve("spool");
    }

    private static RdbFileSource rdbSource(RdbReaderConfig r) {
        RdbFileSource.Builder b = RdbFileSource.builder();
        r.filepaths().forEach(b::addFile);
        return b.build();
    }
}
