package dev.ferry.sink;

import dev.ferry.event.KeyEvent;
import dev.ferry.resp.RespError;
import dev.ferry.sink.rewrite.CommandPathReason;
import dev.ferry.sink.rewrite.RewriteLimits;
import dev.ferry.sink.rewrite.TargetCapabilities;
import dev.ferry.sink.rewrite.UnsupportedOnTargetException;
import dev.ferry.sink.rewrite.ValueCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command path: writes a key whose DUMP payload the target cannot RESTORE (too big, or an encoding newer
 * than the target) as element commands ({@link ValueCommands}) into a temporary key ({@link TempKeys}), then
 * puts that in place.
 *
 * <p>Per key, pipelined with everything else the writer sends and routed on the temporary key, which is in
 * the key's slot: {@code DEL tmp} (what a write cut short by a crash left), the value's commands,
 * {@code PEXPIREAT tmp} when the key has a TTL, then {@code RENAMENX tmp key}. RENAME keeps the TTL, so the
 * key appears whole and with its TTL, or not at all. RENAMENX answering 0 is the command path's BUSYKEY: the
 * {@link ConflictResolver} decides with {@code RENAME tmp key} to replace and {@code DEL tmp} to keep the
 * target's value. Memory is one command's worth: the commands are made as they are sent.
 */
final class ElementWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ElementWriter.class);
    private static final byte[] DEL = ascii("DEL");
    private static final byte[] PEXPIREAT = ascii("PEXPIREAT");
    private static final byte[] RENAMENX = ascii("RENAMENX");
    private static final byte[] RENAME = ascii("RENAME");

    private final TargetChannel<Object> channel;
    private final TargetCapabilities target;
    private final RewriteLimits limits;
    private final long maxRestorePayload;
    private final ConflictResolver resolver;
    private final WriteStats stats;
    private final Pipe pipe;
    /** db and temporary key of every placement not yet answered or resolved: a second write must not reuse it. */
    private final Set<String> unplaced = new HashSet<>();
    private final Set<CommandPathReason> reasonsLogged = EnumSet.noneOf(CommandPathReason.class);

    /** How the writer keeps its pipeline short while one key sends many commands. */
    interface Pipe {
        /** After each command: reads replies if the pipeline is full. */
        void sent() throws IOException;

        /** Waits until everything sent is answered and every conflict is resolved. */
        void settle() throws IOException;
    }

    /** A command of a key's command path whose reply only needs checking. */
    record Part(KeyEvent event, byte[] verb) {}

    /** The {@code RENAMENX tmp key} that puts a key in place. */
    record Placement(KeyEvent event, byte[] tempKey) {}

    ElementWriter(TargetChannel<Object> channel, TargetCapabilities target, CommandPathSettings settings, ConflictResolver resolver,
                  WriteStats stats, Pipe pipe) {
        this.channel = channel;
        this.target = target;
        this.limits = RewriteLimits.forTarget(settings.batchElements(), target);
        this.maxRestorePayload = settings.restoreLimit(target.protoMaxBulkLen());
        this.resolver = resolver;
        this.stats = stats;
        this.pipe = pipe;
    }

    /** The largest DUMP payload this writer RESTOREs. */
    long maxRestorePayload() {
        return maxRestorePayload;
    }

    /** Why the key has to go by commands, or empty when RESTORE takes it. */
    Optional<CommandPathReason> reason(KeyEvent e) {
        return target.commandPathReason(e.rdbType(), e.payload(), maxRestorePayload);
    }

    /**
     * Sends the key's commands. True when its placement is in flight (answered through {@link #placed}); false
     * when the target cannot hold the value, which is then recorded as unsupported (panic throws).
     */
    boolean write(KeyEvent e, CommandPathReason reason) throws IOException {
        if (reasonsLogged.add(reason)) {
            LOG.info("Writing key '{}' (db {}) with element commands: {}. Further keys for that reason go the same way",
                    e.printableKey(), e.db(), describe(reason));
        }
        byte[] tmp = TempKeys.of(e.key());
        Iterator<byte[][]> commands;
        try {
            commands = ValueCommands.of(e.payload(), tmp, limits, target);
        } catch (UnsupportedOnTargetException ex) {
            unsupported(e, ex);
            return false;
        }
        if (unplaced.contains(unplacedId(e, tmp))) {
            // an earlier value of this key still waits in the same temporary key for its conflict to be resolved
            pipe.settle();
        }
        try {
            sendValue(e, tmp, commands);
        } catch (UnsupportedOnTargetException ex) {
            channel.send(e.db(), tmp, new byte[][] {DEL, tmp}, new Part(e, DEL));
            unsupported(e, ex);
            return false;
        } catch (ConflictPanicException stop) {
            // another key's conflict stopped the job while this value was half sent; the channel is quiet then
            channel.call(e.db(), tmp, DEL, tmp);
            throw stop;
        }
        unplaced.add(unplacedId(e, tmp));
        channel.send(e.db(), tmp, new byte[][] {RENAMENX, tmp, e.key()}, new Placement(e, tmp));
        pipe.sent();
        return true;
    }

    /** Into a fresh temporary key (one a crash left is deleted first), with the key's TTL, which RENAME keeps. */
    private void sendValue(KeyEvent e, byte[] tmp, Iterator<byte[][]> commands) throws IOException {
        send(e, tmp, new byte[][] {DEL, tmp});
        while (commands.hasNext()) {
            send(e, tmp, commands.next());
        }
        if (e.hasExpire()) {
            send(e, tmp, new byte[][] {PEXPIREAT, tmp, ascii(Long.toString(e.expireAtMs()))});
        }
    }

    /** Checks the reply to one of the value's commands. */
    void checked(Part part, Object reply) {
        if (reply instanceof RespError err) {
            throw refused(part.event(), new String(part.verb(), StandardCharsets.US_ASCII), err);
        }
    }

    /** The RENAMENX's reply; false when the key exists, which {@link #resolve} then settles. */
    boolean placed(Placement p, Object reply) {
        KeyEvent e = p.event();
        if (reply instanceof Long renamed) {
            if (renamed == 0) {
                return false;
            }
            stats.keyWritten(e, true);
        } else if (reply instanceof RespError err && e.hasExpire() && err.message().contains("no such key")) {
            // the TTL, set on the temporary key, passed before the rename: the key expired like any other
            stats.expiredSkipped++;
        } else {
            throw refused(e, "RENAMENX", reply instanceof RespError err ? err : new RespError("ERR unexpected reply " + reply));
        }
        unplaced.remove(unplacedId(e, p.tempKey()));
        return true;
    }

    /** The key existed when RENAMENX ran: the temporary key still holds the source's value. */
    void resolve(Placement p) throws IOException {
        KeyEvent e = p.event();
        byte[] tmp = p.tempKey();
        try {
            if (resolver.resolveKey(e, new byte[][] {RENAME, tmp, e.key()}, new byte[][] {DEL, tmp})) {
                stats.keyWritten(e, true);
            }
        } finally {
            unplaced.remove(unplacedId(e, tmp));
        }
    }

    /** Drops the temporary key of a placement that will not be resolved: the job stops before. */
    void discard(Placement p) throws IOException {
        channel.call(p.event().db(), p.tempKey(), DEL, p.tempKey());
        unplaced.remove(unplacedId(p.event(), p.tempKey()));
    }

    /** Answered first: under panic the job stops, and then nothing of it may still be unacknowledged. */
    private void unsupported(KeyEvent e, UnsupportedOnTargetException ex) throws IOException {
        pipe.settle();
        resolver.unsupported(e, ex.reason());
    }

    private void send(KeyEvent e, byte[] tmp, byte[][] argv) throws IOException {
        channel.send(e.db(), tmp, argv, new Part(e, argv[0]));
        pipe.sent();
    }

    private TargetWriteException refused(KeyEvent e, String verb, RespError err) {
        return TargetErrors.refused(channel.addressFor(e.key()), verb + " (command path) for key", e, err);
    }

    private String describe(CommandPathReason reason) {
        return switch (reason) {
            case PAYLOAD_TOO_BIG -> "its DUMP payload is longer than " + maxRestorePayload + " bytes (the smaller of the target's "
                    + "proto-max-bulk-len and [advanced] target_redis_proto_max_bulk_len)";
            case TYPE_UNKNOWN, RDB_VERSION_TOO_NEW -> "its encoding is newer than target Redis " + target.redisVersion()
                    + " can RESTORE";
        };
    }

    private static String unplacedId(KeyEvent e, byte[] tmp) {
        return e.db() + " " + new String(tmp, StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
