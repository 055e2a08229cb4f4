package dev.ferry.ordering;

import dev.ferry.command.CommandTable;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.sink.cluster.KeySlots;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before {@code keyBy(db, slot)}, chained to the source, and cuts what spans slots into what one slot can
 * take, so each part reaches the writer that owns its keys:
 *
 * <ul>
 *   <li>a command whose keys fall into several slots and that is a set of independent per-key operations
 *       ({@link PerKeyCommands}: DEL, UNLINK, MSET, TOUCH...) becomes one command per key, in argument
 *       order, with the same db, split and position. Other such commands (RENAME across slots, MSETNX...) pass
 *       whole: the writer decides what a target can do with them;
 *   <li>a MULTI/EXEC block whose commands are not all keyed into one slot of one db becomes its commands (each
 *       then split as above), applied one by one and so not atomically, which is logged once.
 * </ul>
 *
 * <p>Only when {@code acrossSlots}: the target is a cluster, or several writers share the keys. Otherwise (one
 * standalone target, one writer) everything passes whole and MULTI/EXEC stays atomic.
 */
public final class CommandSplitter extends RichFlatMapFunction<RedisEvent, RedisEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CommandSplitter.class);

    private final boolean acrossSlots;
    private transient PerKeyCommands perKey;
    private transient boolean loggedBlockSplit;

    public CommandSplitter(boolean acrossSlots) {
        this.acrossSlots = acrossSlots;
    }

    @Override
    public void open(OpenContext context) {
        perKey = new PerKeyCommands(CommandTable.load());
    }

    @Override
    public void flatMap(RedisEvent event, Collector<RedisEvent> out) {
        if (!acrossSlots) {
            out.collect(event);
        } else if (event instanceof CommandEvent c) {
            command(c, out);
        } else if (event instanceof TransactionEvent t && !KeySlots.oneSlot(t)) {
            if (!loggedBlockSplit) {
                LOG.info("MULTI/EXEC blocks whose keys span slots are applied command by command (not atomically)");
                loggedBlockSplit = true;
            }
            t.commands().forEach(c -> command(c, out));
        } else {
            out.collect(event);
        }
    }

    private void command(CommandEvent c, Collector<RedisEvent> out) {
        if (KeySlots.oneSlot(c) || !perKey.splits(c)) {
            out.collect(c);
            return;
        }
        for (int k = 0; k < c.keyIndexes().length; k++) {
            out.collect(perKey.only(c, k));
        }
    }
}
