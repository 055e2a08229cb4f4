package dev.ferry.sink;

import dev.ferry.command.DbArguments;
import dev.ferry.config.ConflictPolicy;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.RestoreCommand;
import dev.ferry.event.TransactionEvent;
import dev.ferry.rdb.RdbType;
import dev.ferry.resp.RespError;
import dev.ferry.sink.cluster.KeySlots;
import dev.ferry.sink.rewrite.CommandPathReason;
import dev.ferry.sink.rewrite.TargetCapabilities;
import dev.ferry.sink.rewrite.TargetProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies events to the target through a {@link TargetChannel} and checks every reply: a snapshot entry
 * as {@code RESTORE key ttl payload ABSTTL [IDLETIME n | FREQ n]}, a command as it is. A snapshot entry
 * that the target cannot RESTORE (what {@link #open()} finds out by probing it) goes by the command path,
 * {@link ElementWriter}.
 *
 * <p>At most {@code pipelineLimit} commands are in flight; past that, replies are read until half are
 * left, so the pipe stays full. {@link #flush()} returns only when every command sent has been
 * acknowledged, which is what makes a completed Flink checkpoint mean "written".
 *
 * <p>On a cluster target, a replicated command whose keys are in different slots is not sent: it is recorded as
 * {@code unsupported_cross_slot} and the policy decides whether the job goes on. A MULTI/EXEC block is sent as one
 * unit and its EXEC reply checked command by command.
 *
 * <p>A key or function library that already exists on the target is resolved by the
 * {@link ConflictResolver} once the batch it came in has been answered. A command that touches keys
 * waits for those resolutions first, so a {@code RESTORE ... REPLACE} (or the command path's RENAME) never
 * lands after a later write.
 */
public final class RedisWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisWriter.class);
    /** XADD's answer when an entry with that id or a later one is already in the stream. */
    private static final String STREAM_HAS_ID = "equal or smaller than the target stream top item";

    private final TargetChannel<Object> channel;
    private final int pipelineLimit;
    private final CommandPathSettings commandPath;
    private final LongSupplier clock;
    private final ConflictResolver resolver;
    private final WriteStats stats = new WriteStats();
    private final TargetChannel.ReplyHandler<Object> onReply = this::onReply;
    private final ElementWriter.Pipe pipe = new ElementWriter.Pipe() {
        @Override
        public void sent() throws IOException {
            keepPipelineShort();
        }

        @Override
        public void settle() throws IOException {
            drainAll();
        }
    };
    private TargetCapabilities target;
    private ElementWriter elements;
    private Deferred deferred;
    /** RESTOREs and command-path placements sent and not answered: keys that may still meet an existing one. */
    private int keysInFlight;
    private boolean loggedReplayedXadd;

    /** A write whose reply its sender checks: the exactly-once committer's transactions and marker reads. */
    @FunctionalInterface
    public interface Answered {
        void reply(Object reply);
    }

    /**
     * @param channel tags are the events themselves and the command path's {@link ElementWriter.Part}s and
     *                {@link ElementWriter.Placement}s
     */
    public RedisWriter(TargetChannel<Object> channel, ConflictPolicy policy, int pipelineLimit, CommandPathSettings commandPath,
            Consumer<Conflict> conflicts, LongSupplier clock) {
        this.channel = channel;
        this.pipelineLimit = Math.max(1, pipelineLimit);
        this.commandPath = commandPath;
        this.clock = clock;
        this.resolver = new ConflictResolver(channel, policy, conflicts, stats, clock, this::onReply);
    }

    /** Connects, and probes the target for what RESTORE takes there. */
    public void open() {
        channel.open();
        target = probe();
        elements = new ElementWriter(channel, target, commandPath, resolver, stats, pipe);
        deferred = new Deferred(resolver, elements, stats);
        LOG.info("Target {} runs Redis {}: RESTORE takes DUMP payloads up to RDB version {} and {} bytes; other keys are written "
                + "with element commands, {} elements per command", channel.addressFor(new byte[0]), target.redisVersion(),
                target.acceptedRdbVersions().stream().max(Integer::compare).orElse(0), elements.maxRestorePayload(),
                commandPath.batchElements());
    }

    /** Through the channel, so that on a cluster the probe reaches a node that serves the scratch key. */
    private TargetCapabilities probe() {
        byte[] scratch = TargetProbe.scratchKey();
        try {
            return new TargetProbe(argv -> channel.call(0, scratch, argv), channel.addressFor(scratch), scratch).capabilities();
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    public WriteStats stats() {
        return stats;
    }

    /** Redirects, retries and reconnects of the target channel. */
    public ChannelStats channelStats() {
        return channel.stats();
    }

    public void write(RedisEvent event) {
        try {
            if (event instanceof KeyEvent k) {
                key(k);
            } else if (event instanceof CommandEvent c) {
                command(c);
            } else {
                transaction((TransactionEvent) event);
            }
            keepPipelineShort();
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    private void keepPipelineShort() throws IOException {
        if (channel.inFlight() >= pipelineLimit) {
            channel.drain(pipelineLimit / 2, onReply);
            resolveExisting();
        }
    }

    private void key(KeyEvent e) throws IOException {
        stats.received++;
        if (e.hasExpire() && e.expireAtMs() <= clock.getAsLong()) {
            stats.expiredSkipped++;
            return;
        }
        if (!channel.holdsDb(e.db())) {
            resolver.outsideTargetDbs(e);
            return;
        }
        Optional<CommandPathReason> byCommands = elements.reason(e);
        if (byCommands.isPresent()) {
            if (elements.write(e, byCommands.get())) {
                keysInFlight++;
                stats.keysSent++;
            }
            return;
        }
        channel.send(e.db(), e.key(), RestoreCommand.argv(e, false), e);
        keysInFlight++;
        stats.keysSent++;
    }

    private void command(CommandEvent received) throws IOException {
        CommandEvent c = admit(received);
        if (c == null) {
            return;
        }
        if (keysInFlight > 0 && c.keyIndexes().length > 0) {
            drainAll();
        }
        channel.send(c.db(), c.routingKey(), c.argv(), c);
        stats.commandsSent++;
    }

    /**
     * Counts a command the writer was given and decides whether the target can run it: null when it cannot (recorded
     * as a conflict, or the policy stops the job), else the command to send, in the db to send it in.
     */
    public CommandEvent admit(CommandEvent c) {
        stats.commandsReceived++;
        if (ConflictResolver.isLibraryLoad(c) && !target.hasFunctions()) {
            resolver.unsupported(c, "function libraries need Redis 7.0+; the target runs Redis " + target.redisVersion());
            return null;
        }
        int db = c.db();
        if (!channel.holdsDb(db)) {
            if (DbArguments.actsOnItsDb(c.argv(), c.keyIndexes())) {
                resolver.outsideTargetDbs(c, db);
                return null;
            }
            db = 0; // FLUSHALL, FUNCTION LOAD...: server-wide, whichever db the source's client had selected
        }
        for (int i : DbArguments.positions(c.argv())) {
            int named = DbArguments.parse(c.argv()[i]);
            if (named >= 0 && !channel.holdsDb(named)) {
                resolver.outsideTargetDbs(c, named);
                return null;
            }
        }
        if (channel.isCluster() && !KeySlots.oneSlot(c)) {
            resolver.unsupportedCrossSlot(c);
            return null;
        }
        return db == c.db() ? c : new CommandEvent(db, c.argv(), c.keyIndexes(), c.splitId(), c.position());
    }

    /** Counts the commands of a block the writer was given. */
    public void admit(TransactionEvent t) {
        stats.commandsReceived += t.commands().size();
    }

    /**
     * MULTI, the commands, EXEC, as one unit on one connection. On a cluster the block comes here only when its keys
     * share a slot (the {@code CommandSplitter} splits the others); one that does not is refused (CROSSSLOT) and fails.
     */
    private void transaction(TransactionEvent t) throws IOException {
        admit(t);
        if (keysInFlight > 0) {
            drainAll();
        }
        channel.sendTransaction(t.routingKey(), t.commands(), t);
        stats.commandsSent += t.commands().size();
    }

    /**
     * Queues {@code commands} as one {@code MULTI ... EXEC} for the node that owns {@code routingKey}; {@code answered}
     * gets EXEC's reply (one result per command) or the error that refused the block.
     */
    public void sendBlock(byte[] routingKey, List<CommandEvent> commands, Answered answered) {
        try {
            channel.sendTransaction(routingKey, commands, answered);
            stats.commandsSent += commands.size();
            keepPipelineShort();
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    /** Queues one command whose reply goes to {@code answered}. */
    public void send(int db, byte[] routingKey, byte[][] argv, Answered answered) {
        try {
            channel.send(db, routingKey, argv, answered);
            keepPipelineShort();
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    /** Once everything in flight is acknowledged, one command in db 0 on the node that owns {@code routingKey}. */
    public Object call(byte[] routingKey, byte[]... argv) {
        flush();
        try {
            return channel.call(0, routingKey, argv);
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    public boolean isCluster() {
        return channel.isCluster();
    }

    /**
     * What cannot share a transaction with other commands, because the writer resolves it with round trips of its own
     * or it runs on every master of a cluster: a snapshot entry (RESTORE, the conflict policy), a function library
     * ({@code FUNCTION LOAD}, an "already exists" the policy resolves), a command without keys on a cluster.
     */
    public boolean writesAlone(RedisEvent e) {
        return e instanceof KeyEvent || e instanceof CommandEvent c
                && (ConflictResolver.isLibraryLoad(c) || channel.isCluster() && c.keyIndexes().length == 0);
    }

    /** A snapshot entry or a function library: written at once when nothing of its slot is held back (exactly once). */
    public static boolean isSnapshotLike(RedisEvent e) {
        return e instanceof KeyEvent || e instanceof CommandEvent c && ConflictResolver.isLibraryLoad(c);
    }

    /** The node that owns {@code routingKey}, for messages. */
    public String addressFor(byte[] routingKey) {
        return channel.addressFor(routingKey);
    }

    /**
     * Puts on the wire what is buffered, without waiting for replies: at a low rate the pipeline would otherwise
     * hold commands until it fills or the next checkpoint drains it.
     */
    public void sendBuffered() {
        if (channel.inFlight() == 0) {
            return;
        }
        try {
            channel.drain(channel.inFlight(), onReply);
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    /** Before a checkpoint completes: what the target acknowledged is also where a failover keeps it (a replica). */
    public void awaitReplicated() {
        try {
            channel.awaitReplicated();
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    /** Sends everything buffered and waits until the target has acknowledged all of it. */
    public void flush() {
        try {
            drainAll();
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    private void drainAll() throws IOException {
        channel.drain(0, onReply);
        if (!deferred.isEmpty()) {
            deferred.resolveAll();
            // the resolutions' round trips may have followed a failover, which the channel reports at a full drain
            channel.drain(0, onReply);
        }
    }

    private void onReply(Object tag, Object reply) {
        if (tag instanceof Answered a) {
            a.reply(reply);
        } else if (tag instanceof ElementWriter.Part part) {
            elements.checked(part, reply);
        } else if (tag instanceof ElementWriter.Placement placement) {
            keysInFlight--;
            if (!elements.placed(placement, reply)) {
                deferred.existingKey(placement);
            }
        } else if (tag instanceof KeyEvent k) {
            keysInFlight--;
            if (reply instanceof RespError err) {
                restoreRefused(k, err);
                return;
            }
            stats.keyWritten(k, false);
        } else if (tag instanceof TransactionEvent t) {
            executed(t, reply);
        } else {
            CommandEvent c = (CommandEvent) tag;
            if (reply instanceof RespError err) {
                if (replayedXadd(c, err)) {
                    return;
                }
                if (!ConflictResolver.isExistingLibrary(c, err)) {
                    throw TargetErrors.refused(channel.addressFor(c.routingKey()), c, err);
                }
                deferred.existingLibrary(c);
                return;
            }
            stats.commandsWritten++;
        }
    }

    /** EXEC's reply: an error in it (a command that failed inside the block) fails the job like any command error. */
    private void executed(TransactionEvent t, Object reply) {
        String target = channel.addressFor(t.routingKey());
        if (reply instanceof RespError err) {
            throw TargetErrors.refused(target, t, err);
        }
        if (!(reply instanceof List<?> results) || results.size() != t.commands().size()) {
            throw new TargetWriteException("target " + target + " answered EXEC of MULTI/EXEC block '" + t.printable() + "' (from "
                    + t.splitId() + "@" + t.position() + ") with " + (reply instanceof List<?> l ? l.size() + " results" : reply)
                    + ", not one result per command", null);
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof RespError err && !replayedXadd(t.commands().get(i), err)) {
                throw TargetErrors.refused(target, t.commands().get(i), err);
            }
        }
        stats.commandsWritten += results.size();
    }

    /**
     * An XADD with an explicit id (as a source replicates every XADD) whose entry, or a later one, the stream already
     * holds: after a restart from a checkpoint that is the replay of a command written before, so it is counted as
     * already applied rather than failing the job on every restart. Exactly-once delivery never replays.
     */
    private boolean replayedXadd(CommandEvent c, RespError err) {
        if (!c.name().equals("XADD") || !err.message().contains(STREAM_HAS_ID)) {
            return false;
        }
        stats.alreadyApplied++;
        if (!loggedReplayedXadd) {
            loggedReplayedXadd = true;
            LOG.info("XADD of an entry the target's stream already holds (e.g. '{}'): counted as already applied, the replay "
                    + "of a command written before the restart", c.printable());
        }
        return true;
    }

    /** The conflict round trips need a quiet channel, so whatever is still in flight is answered first. */
    private void resolveExisting() throws IOException {
        if (!deferred.isEmpty()) {
            channel.drain(0, onReply);
            deferred.resolveAll();
        }
    }

    /** BUSYKEY waits for the conflict policy; a module value the target has no module for is unsupported there. */
    private void restoreRefused(KeyEvent k, RespError err) {
        if (err.is("BUSYKEY")) {
            deferred.busyKey(k);
        } else if (RdbType.logicalName(k.rdbType()).equals("module") && err.message().contains("Bad data format")) {
            deferred.unloadableModule(k);
        } else {
            throw TargetErrors.refused(channel.addressFor(k.key()), k, err);
        }
    }

    private UncheckedIOException lost(IOException ex) {
        return new UncheckedIOException("lost the connection to target " + channel.addressFor(new byte[0]) + " with "
                + channel.inFlight() + " writes unacknowledged: " + ex.getMessage()
                + "; they are replayed from the last checkpoint on restart", ex);
    }

    @Override
    public void close() {
        channel.close();
    }
}
