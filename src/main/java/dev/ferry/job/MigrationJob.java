package dev.ferry.job;

import dev.ferry.config.FerryConfig;
import dev.ferry.config.RdbReaderConfig;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.RedisEventTypeInfo;
import dev.ferry.ordering.CommandSplitter;
import dev.ferry.ordering.DbMapper;
import dev.ferry.ordering.FilterStep;
import dev.ferry.ordering.OrderingFunction;
import dev.ferry.sink.CommandPathSettings;
import dev.ferry.sink.ConflictLogSink;
import dev.ferry.sink.RedisWriterOperator;
import dev.ferry.source.RdbFileSource;
import dev.ferry.source.ScanSource;
import dev.ferry.source.SyncSource;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration topology of DESIGN.md: source → CommandSplitter → keyBy(db, slot) → OrderingFunction → writer, with the
 * writer's conflicts going to {@code <dir>/conflicts.jsonl}. Used both in-process and under {@code flink run}.
 */
public final class MigrationJob {
    public static final String CONFLICTS_FILE = "conflicts.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(MigrationJob.class);

    private MigrationJob() {}

    /**
     * Adds the migration to {@code env}.
     *
     * @param splitLogInterval seconds between each live split's own progress line, 0 for none: the embedded runner
     *                         shows the whole job's progress itself (lines or a terminal bar that other lines would
     *                         break), while on a Flink cluster the splits' lines are the progress in its logs
     * @return how many replica splits the source follows without end (each source server of an unbounded
     *         {@code [sync_reader]}); 0 for a bounded source, which finishes by itself
     */
    public static int build(StreamExecutionEnvironment env, FerryConfig cfg, int splitLogInterval) {
        env.setParallelism(cfg.flink().parallelism());
        env.enableCheckpointing(cfg.flink().checkpointInterval().toMillis());
        // Flink's default, stated because a Flink cluster may turn it off: an exactly-once writer applies what it
        // held at the end of its input only when the checkpoint after the end completes
        env.configure(new Configuration().set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, true));

        int writers = writerParallelism(cfg);
        SyncSource sync = cfg.syncReader() == null ? null
                : SyncSource.of(cfg.syncReader(), spoolDir(cfg), splitLogInterval);
        DataStream<RedisEvent> events = DbMapper.apply(FilterStep.apply(source(env, cfg, sync), cfg.filter()), cfg.filter());
        SingleOutputStreamOperator<Void> written = byKey(split(events, cfg, writers), writers)
                .process(new OrderingFunction())
                .uid("ordering")
                .name("ordering")
                .setParallelism(writers)
                .transform("redis-writer", Types.VOID, new RedisWriterOperator(
                        cfg.redisWriter(),
                        cfg.advanced().rdbRestoreCommandBehavior(),
                        cfg.advanced().pipelineCountLimit(),
                        new CommandPathSettings(cfg.advanced().rewriteBatchSize(), cfg.advanced().targetRedisProtoMaxBulkLen()),
                        cfg.advanced().targetRedisMaxQps(),
                        cfg.flink().delivery(),
                        cfg.advanced().markerPrefix()))
                .uid("redis-writer")
                .setParallelism(writers);
        written.getSideOutput(RedisWriterOperator.CONFLICTS)
                .sinkTo(new ConflictLogSink(conflictsFile(cfg)))
                .name("conflicts-log")
                .uid("conflicts-log")
                .setParallelism(1);
        return sync == null || sync.getBoundedness() == Boundedness.BOUNDED ? 0 : sync.splitCount();
    }

    /**
     * The ordering and writer subtasks: {@code [flink] parallelism}, except for a live source into one standalone
     * server (or Sentinel's master). There a command on keys of several slots (RENAME, SUNIONSTORE, a block...) must
     * come after every earlier write of each of its keys, which only one writer guarantees; and a single-threaded
     * server gains little from more connections.
     */
    static int writerParallelism(FerryConfig cfg) {
        int parallelism = cfg.flink().parallelism();
        if (parallelism > 1 && cfg.syncReader() != null && !cfg.redisWriter().cluster()) {
            LOG.warn("[flink] parallelism = {}, but a live source ([sync_reader]) into a standalone target is written by one "
                    + "writer: a command on several keys must follow every earlier write of each of them, and a standalone "
                    + "Redis is one single-threaded server anyway (per-key order wins)", parallelism);
            return 1;
        }
        return parallelism;
    }

    /**
     * Commands and MULTI/EXEC blocks whose keys span slots, cut into per-slot parts where that is safe, right after
     * the source (same parallelism: forwarded and chained, so their order holds). Needed when the target is a
     * cluster or several writers share the keys.
     */
    private static DataStream<RedisEvent> split(DataStream<RedisEvent> events, FerryConfig cfg, int writers) {
        return events.flatMap(new CommandSplitter(cfg.redisWriter().cluster() || writers > 1))
                .returns(RedisEventTypeInfo.INSTANCE)
                .name("command-splitter")
                .uid("command-splitter")
                .setParallelism(events.getParallelism());
    }

    /**
     * {@code keyBy(db, slot)}. With one subtask every key already lands on it, so the stream is only declared
     * keyed: no shuffle, and source, ordering and writer chain into one task without serializing each event
     * between them.
     */
    private static KeyedStream<RedisEvent, Long> byKey(DataStream<RedisEvent> events, int parallelism) {
        RedisEventKeySelector byKey = new RedisEventKeySelector();
        // several readers (a cluster source's shards) into one writer still need the exchange
        boolean oneTask = parallelism == 1 && events.getParallelism() == 1;
        return oneTask ? DataStreamUtils.reinterpretAsKeyedStream(events, byKey) : events.keyBy(byKey);
    }

    public static Path conflictsFile(FerryConfig cfg) {
        return cfg.advanced().dir().resolve(CONFLICTS_FILE);
    }


    /** The reader's uid is its section name, so a savepoint of one kind of run never restores into the other. */
    private static DataStream<RedisEvent> source(StreamExecutionEnvironment env, FerryConfig cfg, SyncSource sync) {
        String name = cfg.reader().section().replace('_', '-');
        if (sync != null) {
            // one connection per source server (a cluster's shards): more readers would only idle
            return env.fromSource(sync, WatermarkStrategy.noWatermarks(), name)
                    .uid(name).setParallelism(Math.min(sync.splitCount(), cfg.flink().parallelism()));
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
