package dev.ferry.ordering;

import dev.ferry.command.CommandTable;
import dev.ferry.config.FilterConfig;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.Printable;
import dev.ferry.event.RedisEvent;
import dev.ferry.function.ShakeFunction;
import dev.ferry.metrics.FerryMetric;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [filter]}'s allow/block rules and {@code key_prefix_map} ({@link EventFilter}), then its Lua
 * {@code function} ({@link ShakeFunction}, on what the rules kept, as RedisShake orders them), as a step chained to
 * the source, before {@code db_map} (the rules name the source's dbs) and before {@code keyBy(db, slot)} (a renamed
 * key may live in another slot). What it leaves out is counted in metrics and in the accumulators the run summary
 * shows; a command dropped because only some of its keys are allowed is also logged, once per command name.
 */
public final class FilterStep extends RichFlatMapFunction<RedisEvent, RedisEvent> implements FilterCounts {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FilterStep.class);

    /** Accumulator names, read by the CLI summary. */
    public static final String ACC_KEYS = "ferry.filter.keys";
    public static final String ACC_COMMANDS = "ferry.filter.commands";
    public static final String ACC_PARTLY_ALLOWED = "ferry.filter.commands_partly_allowed";
    public static final String ACC_FUNCTION_DROPPED = "ferry.function.dropped";
    public static final String ACC_FUNCTION_EMITTED = "ferry.function.emitted";

    private final FilterConfig filter;
    private transient EventFilter events;
    private transient Count keys;
    private transient Count commands;
    private transient Count partlyAllowed;
    private transient ShakeFunction function;
    private transient Count functionDropped;
    private transient Count functionEmitted;
    private transient Set<String> warned;

    public FilterStep(FilterConfig filter) {
        this.filter = filter;
    }

    /**
     * The filtered events; {@code events} itself when there are no rules and no renaming. Chained to the source with
     * its parallelism: a redistribution here would reorder the events of a key before keyBy sees them.
     */
    public static DataStream<RedisEvent> apply(DataStream<RedisEvent> events, FilterConfig filter) {
        if (!filter.filtersOrRenames()) {
            return events;
        }
        return events.flatMap(new FilterStep(filter)).setParallelism(events.getParallelism()).uid("filter").name("filter");
    }

    @Override
    public void open(OpenContext openContext) {
        CommandTable table = CommandTable.load();
        events = new EventFilter(filter, table, this);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("ferry");
        keys = new Count(group.counter(FerryMetric.KEYS_FILTERED_OUT.flinkName()), ACC_KEYS);
        commands = new Count(group.counter(FerryMetric.COMMANDS_FILTERED_OUT.flinkName()), ACC_COMMANDS);
        partlyAllowed = new Count(group.counter(FerryMetric.COMMANDS_PARTLY_ALLOWED_DROPPED.flinkName()),
                ACC_PARTLY_ALLOWED);
        warned = new HashSet<>();
        if (filter.hasFunction()) {
            function = new ShakeFunction(filter.function(), table, System::currentTimeMillis);
            functionDropped = new Count(group.counter("functionDropped"), ACC_FUNCTION_DROPPED);
            functionEmitted = new Count(group.counter("functionEmitted"), ACC_FUNCTION_EMITTED);
        }
    }

    @Override
    public void flatMap(RedisEvent event, Collector<RedisEvent> out) {
        RedisEvent kept = events.apply(event);
        if (kept == null) {
            return;
        }
        if (function == null) {
            out.collect(kept);
            return;
        }
        List<RedisEvent> results = function.apply(kept);
        if (results.isEmpty()) {
            functionDropped.inc();
        }
        for (RedisEvent r : results) {
            functionEmitted.inc();
            out.collect(r);
        }
    }

    @Override
    public void keyFilteredOut() {
        keys.inc();
    }

    @Override
    public void commandFilteredOut() {
        commands.inc();
    }

    @Override
    public void partlyAllowedDropped(CommandEvent c) {
        partlyAllowed.inc();
        if (warned.add(c.name())) {
            LOG.warn("[filter]: a {} whose keys are only partly allowed is not migrated at all, as it cannot be cut into "
                    + "one command per key (db {}, first key '{}'); its allowed keys may then differ from the source. "
                    + "Such commands are counted in the commandsPartlyAllowedDropped metric and the run summary; this is "
                    + "logged once per command name", c.name(), c.db(), Printable.of(c.key(0)));
        }
    }

    /** A metric for the web UI and an accumulator for the summary, counting the same thing. */
    private final class Count {
        private final Counter metric;
        private final LongCounter total = new LongCounter();

        Count(Counter metric, String accumulator) {
            this.metric = metric;
            getRuntimeContext().addAccumulator(accumulator, total);
        }

        void inc() {
            metric.inc();
            total.add(1);
        }
    }
}
