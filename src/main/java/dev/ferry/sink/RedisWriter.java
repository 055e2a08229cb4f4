package dev.ferry.sink;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.resp.RespError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Applies events to the target through a {@link TargetChannel} and checks every reply: a snapshot entry
 * as {@code RESTORE key ttl payload ABSTTL [IDLETIME n | FREQ n]}, a command as it is.
 *
 * <p>At most {@code pipelineLimit} commands are in flight; past that, replies are read until half are
 * left, so the pipe stays full. {@link #flush()} returns only when every command sent has been
 * acknowledged, which is what makes a completed Flink checkpoint mean "written".
 *
 * <p>A key or function library that already exists on the target is resolved by the
 * {@link ConflictResolver} once the batch it came in has been answered. A command that touches keys
 * waits for those resolutions first, so a {@code RESTORE ... REPLACE} never lands after a later write.
 */
public final class RedisWriter implements AutoCloseable {
    private static final byte[] RESTORE = ascii("RESTORE");
    private static final byte[] ABSTTL = ascii("ABSTTL");
    private static final byte[] REPLACE = ascii("REPLACE");
    private static final byte[] IDLETIME = ascii("IDLETIME");
    private static final byte[] FREQ = ascii("FREQ");
    private static final byte[] NO_TTL = ascii("0");

    private final TargetChannel<RedisEvent> channel;
    private final int pipelineLimit;
    private final LongSupplier clock;
    private final ConflictResolver resolver;
    private final WriteStats stats = new WriteStats();
    private final List<RedisEvent> existing = new ArrayList<>();
    private final TargetChannel.ReplyHandler<RedisEvent> onReply = this::onReply;
    private int restoresInFlight;

    public RedisWriter(TargetChannel<RedisEvent> channel, ConflictPolicy policy, int pipelineLimit, Consumer<Conflict> conflicts,
            LongSupplier clock) {
        this.channel = channel;
        this.pipelineLimit = Math.max(1, pipelineLimit);
        this.clock = clock;
        this.resolver = new ConflictResolver(channel, policy, conflicts, stats);
    }

    public void open() {
        channel.open();
    }

    public WriteStats stats() {
        return stats;
    }

    public void write(RedisEvent event) {
        try {
            if (event instanceof KeyEvent k) {
                restore(k);
            } else {
                command((CommandEvent) event);
            }
            if (channel.inFlight() >= pipelineLimit) {
                channel.drain(pipelineLimit / 2, onReply);
                resolveExisting();
            }
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    private void restore(KeyEvent e) throws IOException {
        stats.received++;
        if (e.hasExpire() && e.expireAtMs() <= clock.getAsLong()) {
            stats.expiredSkipped++;
            return;
        }
        channel.send(e.db(), e.key(), restoreCommand(e, false), e);
        restoresInFlight++;
    }

    private void command(CommandEvent c) throws IOException {
        stats.commandsReceived++;
        if (restoresInFlight > 0 && c.keyIndexes().length > 0) {
            drainAll();
        }
        channel.send(c.db(), c.routingKey(), c.argv(), c);
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
        resolveExisting();
    }

    private void onReply(RedisEvent event, Object reply) {
        if (event instanceof KeyEvent k) {
            restoresInFlight--;
            if (reply instanceof RespError err) {
                if (!err.is("BUSYKEY")) {
                    throw TargetErrors.refused(channel.addressFor(k.key()), k, err);
                }
                existing.add(k);
                return;
            }
            stats.written++;
            stats.bytes += k.payload().length;
        } else {
            CommandEvent c = (CommandEvent) event;
            if (reply instanceof RespError err) {
                if (!ConflictResolver.isExistingLibrary(c, err)) {
                    throw TargetErrors.refused(channel.addressFor(c.routingKey()), c, err);
                }
                existing.add(c);
                return;
            }
            stats.commandsWritten++;
        }
    }

    /** The conflict round trips need a quiet channel, so whatever is still in flight is answered first. */
    private void resolveExisting() throws IOException {
        if (existing.isEmpty()) {
            return;
        }
        channel.drain(0, onReply);
        for (RedisEvent e : existing) {
            if (e instanceof KeyEvent k) {
                resolver.resolveKey(k, restoreCommand(k, true));
            } else {
                resolver.resolveLibrary((CommandEvent) e);
            }
        }
        existing.clear();
    }

    static byte[][] restoreCommand(KeyEvent e, boolean replace) {
        // An RDB carries either LRU idle time or LFU frequency, depending on the source's maxmemory-policy.
        boolean hint = e.idle() >= 0 || e.freq() >= 0;
        byte[][] argv = new byte[5 + (replace ? 1 : 0) + (hint ? 2 : 0)][];
        int i = 0;
        argv[i++] = RESTORE;
        argv[i++] = e.key();
        argv[i++] = e.hasExpire() ? ascii(Long.toString(e.expireAtMs())) : NO_TTL;
        argv[i++] = e.payload();
        argv[i++] = ABSTTL;
        if (replace) {
            argv[i++] = REPLACE;
        }
        if (e.idle() >= 0) {
            argv[i++] = IDLETIME;
            argv[i] = ascii(Long.toString(e.idle()));
        } else if (e.freq() >= 0) {
            argv[i++] = FREQ;
            argv[i] = ascii(Integer.toString(e.freq()));
        }
        return argv;
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

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
