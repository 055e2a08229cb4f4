package dev.ferry.ordering;

import dev.ferry.command.DbArguments;
import dev.ferry.config.FilterConfig;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.metrics.FerryMetric;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [filter] db_map}: gives each event its target db, and renumbers the db arguments of MOVE, COPY ... DB
 * and SWAPDB the same way ({@link DbArguments}). It runs before {@code keyBy(db, key)}, so the keying, the
 * ordering and the writer all see target dbs.
 *
 * <p>Merging dbs makes some commands no-ops that the target would refuse: {@code MOVE key db} into the db the
 * key is already in ("source and destination objects are the same"), and {@code SWAPDB} of a db with itself
 * (which a cluster refuses outright). The key already is where the source moved it, so they are dropped,
 * counted in the {@code dbMapNoOps} metric and logged once.
 */
public final class DbMapper extends RichFlatMapFunction<RedisEvent, RedisEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(DbMapper.class);

    private final FilterConfig filter;
    private transient Counter noOps;

    public DbMapper(FilterConfig filter) {
        this.filter = filter;
    }

    /**
     * The events with target dbs; {@code events} itself when nothing is mapped. Chained to the source with the
     * source's parallelism: a redistribution here would reorder the events of a key before keyBy sees them.
     */
    public static DataStream<RedisEvent> apply(DataStream<RedisEvent> events, FilterConfig filter) {
        if (!filter.mapsDbs()) {
            return events;
        }
        return events.flatMap(new DbMapper(filter)).setParallelism(events.getParallelism()).uid("db-map").name("db-map");
    }

    @Override
    public void open(OpenContext openContext) {
        noOps = getRuntimeContext().getMetricGroup().addGroup("ferry").counter(FerryMetric.DB_MAP_NO_OPS.flinkName());
    }

    @Override
    public void flatMap(RedisEvent event, Collector<RedisEvent> out) {
        RedisEvent mapped = map(event);
        if (mapped != null) {
            out.collect(mapped);
            return;
        }
        if (noOps.getCount() == 0) {
            LOG.info("[filter] db_map: '{}' (db {}) does nothing once dbs are merged and is not sent; such commands are "
                    + "counted in the dbMapNoOps metric", ((CommandEvent) event).printable(), event.db());
        }
        noOps.inc();
    }

    /** The event with target dbs, or null when it became a no-op. */
    RedisEvent map(RedisEvent event) {
        if (event instanceof KeyEvent k) {
            int db = filter.targetDb(k.db());
            return db == k.db() ? k : new KeyEvent(db, k.key(), k.rdbType(), k.payload(), k.expireAtMs(), k.idle(), k.freq(),
                    k.splitId(), k.position());
        }
        CommandEvent c = (CommandEvent) event;
        int db = filter.targetDb(c.db());
        byte[][] argv = c.argv();
        int[] at = DbArguments.positions(argv);
        if (at.length > 0) {
            argv = argv.clone(); // events are read-only: the source may still hold the original
            for (int i : at) {
                int named = DbArguments.parse(argv[i]);
                if (named >= 0) {
                    argv[i] = DbArguments.format(filter.targetDb(named));
                }
            }
            if (isNoOp(argv, db, at)) {
                return null;
            }
        }
        return db == c.db() && argv == c.argv() ? c : new CommandEvent(db, argv, c.keyIndexes(), c.splitId(), c.position());
    }

    /** MOVE into the db it runs in, SWAPDB of a db with itself. */
    private static boolean isNoOp(byte[][] argv, int db, int[] at) {
        String name = new String(argv[0], StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        return switch (name) {
            case "move" -> DbArguments.parse(argv[at[0]]) == db;
            case "swapdb" -> DbArguments.parse(argv[at[0]]) == DbArguments.parse(argv[at[1]]);
            default -> false;
        };
    }
}
