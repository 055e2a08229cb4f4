package dev.ferry.ordering;

import dev.ferry.command.Ascii;
import dev.ferry.command.CommandSpec;
import dev.ferry.command.CommandTable;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.sink.cluster.KeySlots;
import java.util.HashMap;
import java.util.Map;
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
 *       ({@link CommandSpec#perKeyArgs()}: DEL, UNLINK, MSET, TOUCH...) becomes one command per key, in argument
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
    private static final int[] ONE_KEY = {1};

    private final boolean acrossSlots;
    /** By lower-case command name: the arguments each key brings, for the commands that split per key. */
    private transient Map<String, Integer> perKeyArgs;
    private transient boolean loggedBlockSplit;

    public CommandSplitter(boolean acrossSlots) {
        this.acrossSlots = acrossSlots;
    }

    @Override
    public void open(OpenContext context) {
        perKeyArgs = perKeyArgs(CommandTable.load());
    }

    static Map<String, Integer> perKeyArgs(CommandTable table) {
        Map<String, Integer> out = new HashMap<>();
        for (CommandSpec c : table.commands()) {
            if (c.perKeyArgs() > 0) {
                out.put(c.name(), c.perKeyArgs());
            }
        }
        return out;
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
        int[] keys = c.keyIndexes();
        if (KeySlots.oneSlot(c)) {
            out.collect(c);
            return;
        }
        int args = perKeyArgs.getOrDefault(Ascii.lower(c.argv()[0]), 0);
        if (args == 0 || keys.length * args != c.argv().length - 1) {
            out.collect(c);
            return;
        }
        for (int k : keys) {
            byte[][] argv = new byte[args + 1][];
            argv[0] = c.argv()[0];
            System.arraycopy(c.argv(), k, argv, 1, args);
            out.collect(new CommandEvent(c.db(), argv, ONE_KEY, c.splitId(), c.position()));
        }
    }
}
