package dev.ferry.function;

import dev.ferry.command.CommandSpec;
import dev.ferry.command.CommandTable;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.Printable;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.RestoreCommand;
import dev.ferry.event.TransactionEvent;
import dev.ferry.rdb.RdbType;
import dev.ferry.sink.cluster.Slots;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RedisShake's {@code function}: a Lua script run once per event with the globals RedisShake sets (DB, GROUP, CMD,
 * KEYS, KEY_INDEXES, SLOTS, ARGV) and its {@code shake} table; what the script hands to {@code shake.call(db, argv)}
 * goes on, in order, and an event it passes nothing for is dropped. So RedisShake's scripts run unchanged.
 *
 * <p>A snapshot key is shown as the command Ferry would send for it, {@code RESTORE key ttl payload ABSTTL [IDLETIME
 * n | FREQ n]}, with GROUP the group of its value's type (HASH for a hash...) so that scripts choosing by data type
 * choose snapshot keys too. A RESTORE handed back is a snapshot key again (conflict policy, element commands for big
 * values); anything else becomes a command. A MULTI/EXEC block runs each of its commands through the script and stays
 * one block. Not thread-safe: one per subtask.
 */
public final class ShakeFunction {
    private static final String UNKNOWN_GROUP = shakeName(CommandTable.UNKNOWN_GROUP);
    private static final Logger LOG = LoggerFactory.getLogger(ShakeFunction.class);

    private final Globals globals;
    private final LuaValue chunk;
    private final CommandTable table;
    private final LongSupplier clock;
    private final List<Emitted> emitted = new ArrayList<>();

    private record Emitted(int db, byte[][] argv) {}

    public ShakeFunction(String source, CommandTable table, LongSupplier clock) {
        ShakeScript.Compiled compiled = ShakeScript.compile(source);
        this.globals = compiled.globals();
        this.chunk = compiled.chunk();
        this.table = table;
        this.clock = clock;
        LuaTable shake = new LuaTable();
        shake.set("call", new Call());
        shake.set("log", new Log());
        globals.set("shake", shake);
    }

    /** What goes on in place of {@code event}: nothing, the event itself, or other events. */
    public List<RedisEvent> apply(RedisEvent event) {
        if (event instanceof KeyEvent k) {
            return run(k.db(), RestoreCommand.argv(k, false), new int[] {1}, typeGroup(k.rdbType()), "RESTORE").stream()
                    .map(e -> keyOrCommand(e, k))
                    .toList();
        }
        if (event instanceof CommandEvent c) {
            return run(c).stream().map(e -> (RedisEvent) command(e, c.splitId(), c.position())).toList();
        }
        TransactionEvent t = (TransactionEvent) event;
        List<CommandEvent> kept = new ArrayList<>();
        for (CommandEvent c : t.commands()) {
            run(c).forEach(e -> kept.add(command(e, c.splitId(), c.position())));
        }
        return kept.isEmpty() ? List.of() : List.of(new TransactionEvent(kept, t.splitId(), t.position()));
    }

    private List<Emitted> run(CommandEvent c) {
        Optional<CommandSpec> spec = table.find(c.argv());
        String group = spec.map(s -> shakeName(s.group())).orElse(UNKNOWN_GROUP);
        String name = spec.map(s -> s.name().toUpperCase(Locale.ROOT).replace('|', '-'))
                .orElse(Printable.of(c.argv()[0]).toUpperCase(Locale.ROOT));
        return run(c.db(), c.argv(), c.keyIndexes(), group, name);
    }

    /** Sets the globals, runs the script, and returns what it passed to shake.call. */
    private List<Emitted> run(int db, byte[][] argv, int[] keyIndexes, String group, String name) {
        // valueUsing shares the bytes instead of copying them (a DUMP payload can be large): Lua strings are immutable,
        // the event is not changed while the script runs, and what the script passes on is copied out by shake.call
        LuaTable args = new LuaTable();
        for (int i = 0; i < argv.length; i++) {
            args.set(i + 1, LuaString.valueUsing(argv[i]));
        }
        LuaTable keys = new LuaTable();
        LuaTable indexes = new LuaTable();
        LuaTable slots = new LuaTable();
        for (int i = 0; i < keyIndexes.length; i++) {
            keys.set(i + 1, args.get(keyIndexes[i] + 1));
            indexes.set(i + 1, LuaValue.valueOf(keyIndexes[i] + 1)); // Lua counts from 1, and so does ARGV
            slots.set(i + 1, LuaValue.valueOf(Slots.slot(argv[keyIndexes[i]])));
        }
        globals.set("DB", LuaValue.valueOf(db));
        globals.set("GROUP", LuaValue.valueOf(group));
        globals.set("CMD", LuaValue.valueOf(name));
        globals.set("KEYS", keys);
        globals.set("KEY_INDEXES", indexes);
        globals.set("SLOTS", slots);
        globals.set("ARGV", args);
        emitted.clear();
        try {
            chunk.call();
        } catch (LuaError e) {
            throw new FunctionException("[filter] function failed on " + name + " in db " + db
                    + (keyIndexes.length > 0 ? " (key '" + Printable.of(argv[keyIndexes[0]]) + "')" : "") + ": "
                    + ShakeScript.message(e) + "; fix the script, or remove it to migrate unchanged", e);
        }
        return List.copyOf(emitted);
    }

    private RedisEvent keyOrCommand(Emitted e, KeyEvent from) {
        KeyEvent restored = RestoreCommand.parse(e.db(), e.argv(), from.splitId(), from.position(), clock.getAsLong());
        return restored != null ? restored : command(e, from.splitId(), from.position());
    }

    private CommandEvent command(Emitted e, String splitId, long position) {
        return new CommandEvent(e.db(), e.argv(), table.keyIndexes(e.argv()), splitId, position);
    }

    /** RedisShake writes groups upper-case with underscores ({@code SORTED_SET}); Redis's table has {@code sorted-set}. */
    static String shakeName(String group) {
        return group.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The command group of a snapshot value's type: the group of the commands that write it. */
    private static String typeGroup(int rdbType) {
        return switch (RdbType.logicalName(rdbType)) {
            case "string" -> "STRING";
            case "list" -> "LIST";
            case "set" -> "SET";
            case "zset" -> "SORTED_SET";
            case "hash" -> "HASH";
            case "stream" -> "STREAM";
            default -> "GENERIC";
        };
    }

    /** {@code shake.call(db, argv)}: argv's first element is the command's name; numbers become their text. */
    private final class Call extends TwoArgFunction {
        @Override
        public LuaValue call(LuaValue db, LuaValue argv) {
            LuaTable t = argv.checktable();
            int n = t.length();
            if (n == 0) {
                throw new LuaError("shake.call needs an argv table with the command's name first, got an empty table");
            }
            byte[][] args = new byte[n][];
            for (int i = 0; i < n; i++) {
                LuaString s = t.get(i + 1).checkstring();
                args[i] = new byte[s.m_length];
                s.copyInto(0, args[i], 0, s.m_length);
            }
            emitted.add(new Emitted(db.checkint(), args));
            return NONE;
        }
    }

    /** {@code shake.log(msg)}: one INFO line, as RedisShake's {@code lua log: ...}. */
    private static final class Log extends OneArgFunction {
        @Override
        public LuaValue call(LuaValue msg) {
            LOG.info("lua log: {}", msg.tojstring());
            return NONE;
        }
    }
}
