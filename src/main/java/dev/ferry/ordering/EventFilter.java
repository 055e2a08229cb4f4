package dev.ferry.ordering;

import dev.ferry.command.Ascii;
import dev.ferry.command.CommandTable;
import dev.ferry.config.FilterConfig;
import dev.ferry.config.FilterRules;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RedisShake's {@code [filter]} rules and {@code key_prefix_map} on one event, as RedisShake applies them: a block
 * rule that matches wins, an empty allow list allows everything. The rules see the source's names and dbs; the kept
 * keys are then renamed.
 *
 * <ul>
 *   <li>a snapshot key: its db and its name;
 *   <li>a command: its db, its name and group (from the command table), then its keys. A command whose keys are all
 *       allowed is kept, none allowed is dropped; some allowed: cut down to the allowed ones when it is one
 *       operation per key ({@link PerKeyCommands}: DEL, UNLINK, MSET), else dropped and reported
 *       ({@link FilterCounts#partlyAllowedDropped}), as keeping it would touch filtered keys. Keyless commands
 *       follow the db and command rules;
 *   <li>a MULTI/EXEC block: each of its commands; the block keeps those that pass, and goes when none does.
 * </ul>
 */
final class EventFilter {
    private final FilterRules rules;
    private final KeyMatcher allowKeys;
    private final KeyMatcher blockKeys;
    private final KeyPrefixRenamer renamer;
    private final CommandTable table;
    private final PerKeyCommands perKey;
    private final FilterCounts counts;

    EventFilter(FilterConfig filter, CommandTable table, FilterCounts counts) {
        this.rules = filter.rules();
        this.allowKeys = new KeyMatcher(rules.allowKeys());
        this.blockKeys = new KeyMatcher(rules.blockKeys());
        this.renamer = new KeyPrefixRenamer(filter.keyPrefixMap());
        this.table = table;
        this.perKey = new PerKeyCommands(table);
        this.counts = counts;
    }

    /** The event as it goes on, or null when nothing of it does. */
    RedisEvent apply(RedisEvent event) {
        if (event instanceof KeyEvent k) {
            return key(k);
        }
        if (event instanceof CommandEvent c) {
            return command(c);
        }
        return transaction((TransactionEvent) event);
    }

    private KeyEvent key(KeyEvent k) {
        if (!rules.allowsDb(k.db()) || !allowsKey(k.key())) {
            counts.keyFilteredOut();
            return null;
        }
        byte[] renamed = renamer.rename(k.key());
        return renamed == k.key() ? k : k.withKey(renamed);
    }

    private CommandEvent command(CommandEvent c) {
        int[] allowed = allowedKeys(c);
        boolean keyed = c.keyIndexes().length > 0;
        if (!rules.allowsDb(c.db()) || !allowsCommand(c) || keyed && allowed.length == 0) {
            counts.commandFilteredOut();
            return null;
        }
        if (allowed.length < c.keyIndexes().length) {
            if (!perKey.splits(c)) {
                counts.partlyAllowedDropped(c);
                return null;
            }
            c = perKey.only(c, allowed);
        }
        return rename(c);
    }

    private TransactionEvent transaction(TransactionEvent t) {
        List<CommandEvent> kept = new ArrayList<>(t.commands().size());
        for (CommandEvent c : t.commands()) {
            CommandEvent out = command(c);
            if (out != null) {
                kept.add(out);
            }
        }
        return kept.isEmpty() ? null : new TransactionEvent(kept, t.splitId(), t.position());
    }

    private boolean allowsKey(byte[] key) {
        return !blockKeys.matches(key) && (allowKeys.isEmpty() || allowKeys.matches(key));
    }

    private boolean allowsCommand(CommandEvent c) {
        String name = Ascii.lower(c.argv()[0]);
        String group = table.group(c.argv());
        return !rules.blockCommand().contains(name) && !rules.blockCommandGroup().contains(group)
                && (rules.allowCommand().isEmpty() || rules.allowCommand().contains(name))
                && (rules.allowCommandGroup().isEmpty() || rules.allowCommandGroup().contains(group));
    }

    /** Indexes into {@code c.keyIndexes()} of the keys the rules allow. */
    private int[] allowedKeys(CommandEvent c) {
        int[] out = new int[c.keyIndexes().length];
        int n = 0;
        for (int i = 0; i < out.length; i++) {
            if (allowsKey(c.key(i))) {
                out[n++] = i;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Every key position renamed by {@code key_prefix_map}; {@code c} itself when no key changes. */
    private CommandEvent rename(CommandEvent c) {
        if (renamer.isEmpty()) {
            return c;
        }
        byte[][] argv = c.argv();
        for (int i : c.keyIndexes()) {
            byte[] renamed = renamer.rename(argv[i]);
            if (renamed != argv[i]) {
                if (argv == c.argv()) {
                    argv = argv.clone(); // events are read-only: the source may still hold the original
                }
                argv[i] = renamed;
            }
        }
        return argv == c.argv() ? c : new CommandEvent(c.db(), argv, c.keyIndexes(), c.splitId(), c.position());
    }
}
