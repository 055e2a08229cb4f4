package dev.ferry.sink;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.Printable;
import dev.ferry.event.RestoreCommand;
import dev.ferry.resp.RespError;
import dev.ferry.sink.cluster.KeySlots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what happens to a key or function library that already exists on the target.
 *
 * <p>If the target already holds the source's value (a re-run, or a resume that replays what was written
 * after the last checkpoint), it is counted as identical and is not a conflict. Values are compared by
 * {@code ValueDigest}, so a target that re-encoded the value (a 6.2 ziplist restored into 7.x becomes a
 * listpack; a hashtable set lists members in its own order) still counts as the same; the expiry must match too
 * ({@link ExistingValues}). Otherwise the
 * {@link ConflictPolicy} decides: panic stops the job, rewrite replaces atomically, ignore keeps the target's.
 * The policy also decides about what the target cannot hold at all ({@code unsupported_on_target}) or run
 * ({@code unsupported_cross_slot}): panic stops, rewrite and ignore skip it.
 */
final class ConflictResolver {
    private static final Pattern EXISTING_LIBRARY = Pattern.compile("Library '(.*)' already exists");
    private static final Pattern LIBRARY_NAME = Pattern.compile("(?:^|\\s)name=(\\S+)");
    private static final String ONLY_DB0 = "a cluster has only db 0";
    private static final String NEWER_TARGET = "migrate to a target that can hold them (a newer Redis, or one with the module loaded)";

    private final TargetChannel<Object> channel;
    private final ConflictPolicy policy;
    private final Consumer<Conflict> conflicts;
    private final WriteStats stats;
    private final ExistingValues existing;
    private final TargetChannel.ReplyHandler<Object> replies;
    /** RESTORE ... REPLACE commands sent and not answered yet. */
    private int rewritesInFlight;
    /** The first rewrite the target refused, thrown once every queued reply is read (so the channel stays in step). */
    private RuntimeException refusedRewrite;

    /** @param replies the writer's reply handler, which hands {@link RedisWriter.Answered} tags their replies */
    ConflictResolver(TargetChannel<Object> channel, ConflictPolicy policy, Consumer<Conflict> conflicts, WriteStats stats,
            LongSupplier clock, TargetChannel.ReplyHandler<Object> replies) {
        this.channel = channel;
        this.replies = replies;
        this.existing = new ExistingValues(channel, new TargetExpiry(channel, clock), clock, replies);
        this.policy = policy;
        this.conflicts = conflicts;
        this.stats = stats;
    }

    static boolean isExistingLibrary(CommandEvent c, RespError err) {
        return c.name().equals("FUNCTION") && EXISTING_LIBRARY.matcher(err.message()).find();
    }

    /** {@code FUNCTION LOAD [REPLACE] <code>}: a function library, as a snapshot or a replica stream carries it. */
    static boolean isLibraryLoad(CommandEvent c) {
        return c.name().equals("FUNCTION") && c.argv().length >= 3
                && new String(c.argv()[1], StandardCharsets.US_ASCII).equalsIgnoreCase("LOAD");
    }

    /**
     * Before a batch of keys that met existing ones is resolved: what the target holds under them, asked in one
     * round trip (call it only when the channel is drained).
     */
    void prefetch(List<KeyEvent> keys) throws IOException {
        existing.fetch(keys);
    }

    /**
     * A key the command path prepared in a temporary key met an existing one. The source's value is in that temporary
     * key, hence the two commands.
     *
     * @param replace puts the source's value over the existing key, atomically
     * @param discard drops the prepared value when it is not used
     * @return true when the source's value was written (policy rewrite)
     */
    boolean resolveKey(KeyEvent e, byte[][] replace, byte[][] discard) throws IOException {
        flushRewrites();
        return resolve(e, discard, conflict -> replace(e, replace, conflict.target()));
    }

    /**
     * A RESTORE met an existing key. Under rewrite, its {@code RESTORE ... REPLACE} is queued, not awaited: a batch of
     * them goes in one round trip, and {@link #flushRewrites} reads their replies.
     *
     * @return true when the source's value is written (policy rewrite)
     */
    boolean resolveRestore(KeyEvent e) throws IOException {
        if (!existing.isFetched(e)) {
            flushRewrites(); // asked now, it must see what the queued rewrites leave
        }
        return resolve(e, null, conflict -> {
            String target = conflict.target();
            channel.send(e.db(), e.key(), RestoreCommand.argv(e, true), (RedisWriter.Answered) reply -> {
                if (reply instanceof RespError err && refusedRewrite == null) {
                    refusedRewrite = TargetErrors.refused(target, e, err);
                }
            });
            rewritesInFlight++;
            return true;
        });
    }

    /** Reads the replies of the queued rewrites; call it before anything else uses the channel. */
    void flushRewrites() throws IOException {
        if (rewritesInFlight == 0) {
            return;
        }
        rewritesInFlight = 0;
        channel.drain(0, replies);
        RuntimeException refused = refusedRewrite;
        refusedRewrite = null;
        if (refused != null) {
            throw refused;
        }
    }

    private boolean resolve(KeyEvent e, byte[][] discard, Rewrite rewrite) throws IOException {
        if (existing.identical(e)) {
            stats.identical++;
            discard(e, discard);
            return false;
        }
        Conflict conflict = keyConflict(e, action());
        switch (policy) {
            case PANIC -> {
                discard(e, discard);
                panic(conflict, "key '" + e.printableKey() + "' in db " + e.db());
            }
            case REWRITE -> {
                if (!rewrite.apply(conflict)) {
                    return false;
                }
                stats.rewritten++;
            }
            case IGNORE -> {
                discard(e, discard);
                stats.skipped++;
            }
        }
        conflicts.accept(conflict);
        return policy == ConflictPolicy.REWRITE;
    }

    /** Puts the source's value over the existing key: false when it turned out gone (expired) instead. */
    @FunctionalInterface
    private interface Rewrite {
        boolean apply(Conflict conflict) throws IOException;
    }

    /** {@code FUNCTION LOAD <code>} failed because a library of that name exists. */
    void resolveLibrary(CommandEvent load) throws IOException {
        flushRewrites();
        byte[] code = libraryCode(load);
        String name = libraryName(load);
        if (Arrays.equals(currentCode(load, name), code)) {
            stats.identical++;
            return;
        }
        Conflict conflict = libraryConflict(load, name, action());
        switch (policy) {
            case PANIC -> panic(conflict, "function library '" + name + "'");
            case REWRITE -> {
                Object reply = channel.call(0, load.routingKey(), ascii("FUNCTION"), ascii("LOAD"), ascii("REPLACE"), code);
                if (reply instanceof RespError err) {
                    throw TargetErrors.refused(conflict.target(), load, err);
                }
                stats.rewritten++;
                stats.commandsWritten++;
            }
            case IGNORE -> stats.skipped++;
        }
        conflicts.accept(conflict);
    }

    /**
     * A key the target cannot hold (a module value without its module, hash field TTLs before Redis 7.4, an
     * element longer than proto-max-bulk-len): recorded; panic stops the job, the other policies skip the key.
     */
    void unsupported(KeyEvent e, String reason) {
        unsupported(keyConflict(e, Conflict.ACTION_UNSUPPORTED), "key '" + e.printableKey() + "' in db " + e.db(), reason,
                NEWER_TARGET);
    }

    /** A function library on a target without functions (before Redis 7.0). */
    void unsupported(CommandEvent load, String reason) {
        String name = libraryName(load);
        unsupported(libraryConflict(load, name, Conflict.ACTION_UNSUPPORTED), "function library '" + name + "'", reason,
                NEWER_TARGET);
    }

    /** A key in a db the target does not have: on a cluster, any db but 0. */
    void outsideTargetDbs(KeyEvent e) {
        unsupported(keyConflict(e, Conflict.ACTION_UNSUPPORTED), "key '" + e.printableKey() + "' in db " + e.db(),
                ONLY_DB0, mapOrStandalone(e.db()));
    }

    /** A command that acts on {@code db} (the db it runs in, or one it names: MOVE, COPY ... DB, SWAPDB), which the target does not have. */
    void outsideTargetDbs(CommandEvent c, int db) {
        Conflict conflict = new Conflict(Conflict.KIND_COMMAND, c.db(), c.routingKey(), policyName(),
                Conflict.ACTION_UNSUPPORTED, channel.addressFor(c.routingKey()), c.splitId() + "@" + c.position(), c.name());
        unsupported(conflict, "command '" + c.printable() + "' in db " + c.db(),
                db == c.db() ? ONLY_DB0 : "it names db " + db + ", and " + ONLY_DB0, mapOrStandalone(db));
    }

    private static String mapOrStandalone(int db) {
        return "map db " + db + " to 0 with [filter] db_map = { \"" + db + "\" = 0 } (when its keys do not collide with db 0's), or "
                + "migrate it to a standalone target";
    }

    /**
     * @param remedy how to keep such keys after all
     */
    private void unsupported(Conflict conflict, String what, String reason, String remedy) {
        stats.unsupported++;
        recordOrStop(conflict, what + " cannot be written to target " + conflict.target() + ": " + reason + ". "
                + skipAdvice("keys", conflict) + "; to keep them, " + remedy);
    }

    /**
     * A replicated command whose keys are in different slots, which a cluster target refuses (CROSSSLOT) and which is
     * not a set of per-key operations that could be split: recorded and not sent; panic stops the job.
     */
    void unsupportedCrossSlot(CommandEvent c) {
        stats.crossSlot++;
        Conflict conflict = new Conflict(Conflict.KIND_COMMAND, c.db(), c.routingKey(), policyName(), Conflict.ACTION_CROSS_SLOT,
                channel.addressFor(c.routingKey()), c.splitId() + "@" + c.position(), c.name());
        recordOrStop(conflict, "command " + c.name() + " on keys " + KeySlots.describe(c) + " (db " + c.db() + ", from "
                + conflict.source() + ") cannot run on target cluster " + conflict.target() + ": a cluster refuses a command "
                + "whose keys are in different slots, and " + c.name() + " is not a set of per-key operations Ferry could split. "
                + skipAdvice("commands", conflict) + "; their keys may then differ from the source. To apply them, give "
                + "the keys a common hash tag on the source ({user1}:a, {user1}:b), or migrate to a standalone target");
    }

    private void recordOrStop(Conflict conflict, String panicMessage) {
        conflicts.accept(conflict);
        if (policy == ConflictPolicy.PANIC) {
            throw new ConflictPanicException(panicMessage);
        }
    }

    private static String skipAdvice(String what, Conflict conflict) {
        return "[advanced] rdb_restore_command_behavior is \"panic\", which stops on it. To skip such " + what + " (each is "
                + "recorded in conflicts.jsonl as \"" + conflict.action() + "\"), set it to \"ignore\" or \"rewrite\"";
    }

    /** False when the source's value is gone: its TTL, set on the temporary key, passed while the conflict waited. */
    private boolean replace(KeyEvent e, byte[][] replace, String target) throws IOException {
        Object reply = channel.call(e.db(), e.key(), replace);
        if (reply instanceof RespError err) {
            if (e.hasExpire() && err.message().contains("no such key")) {
                stats.expiredSkipped++;
                return false;
            }
            throw TargetErrors.refused(target, e, err);
        }
        return true;
    }

    private void discard(KeyEvent e, byte[][] discard) throws IOException {
        if (discard != null) {
            Object reply = channel.call(e.db(), e.key(), discard);
            if (reply instanceof RespError err) {
                throw TargetErrors.refused(channel.addressFor(e.key()), e, err);
            }
        }
    }

    private Conflict keyConflict(KeyEvent e, String action) {
        return new Conflict(Conflict.KIND_KEY, e.db(), e.key(), policyName(), action, channel.addressFor(e.key()),
                e.splitId() + "@" + e.position(), null);
    }

    private Conflict libraryConflict(CommandEvent load, String name, String action) {
        return new Conflict(Conflict.KIND_FUNCTION, load.db(), name.getBytes(StandardCharsets.UTF_8), policyName(), action,
                channel.addressFor(load.routingKey()), load.splitId() + "@" + load.position(), null);
    }

    private void panic(Conflict conflict, String what) {
        conflicts.accept(conflict);
        throw new ConflictPanicException(what + " already exists on target " + conflict.target()
                + " with a different value (BUSYKEY), and [advanced] rdb_restore_command_behavior is \"panic\". To continue, set "
                + "rdb_restore_command_behavior = \"rewrite\" (source wins) or \"ignore\" (target wins), or "
                + "empty_db_before_sync = true to flush the target first");
    }

    private String policyName() {
        return policy.name().toLowerCase(Locale.ROOT);
    }

    private String action() {
        return switch (policy) {
            case PANIC -> "panic";
            case REWRITE -> "rewritten";
            case IGNORE -> "skipped";
        };
    }

    private byte[] currentCode(CommandEvent load, String name) throws IOException {
        Object reply = channel.call(0, load.routingKey(), ascii("FUNCTION"), ascii("LIST"), ascii("LIBRARYNAME"), ascii(name),
                ascii("WITHCODE"));
        if (reply instanceof List<?> libraries) {
            for (Object lib : libraries) {
                if (lib instanceof List<?> fields && name.equals(field(fields, "library_name"))) {
                    return (byte[]) fieldValue(fields, "library_code");
                }
            }
        }
        return null;
    }

    private static String field(List<?> fields, String name) {
        Object v = fieldValue(fields, name);
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
    }

    private static Object fieldValue(List<?> fields, String name) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (fields.get(i) instanceof byte[] k && name.equals(new String(k, StandardCharsets.UTF_8))) {
                return fields.get(i + 1);
            }
        }
        return null;
    }

    private static byte[] libraryCode(CommandEvent load) {
        return load.argv()[load.argv().length - 1];
    }

    private static String libraryName(CommandEvent load) {
        return libraryName(libraryCode(load));
    }

    /** The {@code name=} of the library's {@code #!engine name=<name> ...} header line. */
    static String libraryName(byte[] code) {
        String header = new String(code, 0, indexOfNewline(code), StandardCharsets.UTF_8);
        Matcher m = LIBRARY_NAME.matcher(header);
        if (!m.find()) {
            throw new TargetWriteException("function library without a name in its header: " + Printable.of(code), null);
        }
        return m.group(1);
    }

    private static int indexOfNewline(byte[] code) {
        for (int i = 0; i < code.length; i++) {
            if (code[i] == '\n') {
                return i;
            }
        }
        return code.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
