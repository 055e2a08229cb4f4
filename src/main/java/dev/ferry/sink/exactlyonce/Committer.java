package dev.ferry.sink.exactlyonce;

import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.resp.RespError;
import dev.ferry.sink.RedisWriter;
import dev.ferry.sink.TargetErrors;
import dev.ferry.sink.TargetWriteException;
import dev.ferry.sink.WriteStats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies released batches to the target so that applying one again (a commit retried after a restart) changes
 * nothing. Each batch's items are cut by marker group (a cluster slot, or the whole writer on a standalone target);
 * a group's commands go in {@code MULTI ... SET <marker> "<batch> <count> ..." EXEC} blocks of at most
 * {@value #MAX_BLOCK_COMMANDS} commands, pipelined, so a block's commands and the marker saying they are applied land
 * together or not at all. A retried batch first reads its groups' markers and skips what they count.
 *
 * <p>Items that need the writer's own handling are applied alone, between blocks, after everything sent before them
 * is acknowledged: snapshot entries that waited behind a held command (RESTORE, with the conflict policy), function
 * libraries ({@code FUNCTION LOAD}, whose "already exists" the conflict policy resolves) and, on a cluster, commands
 * without keys (they run on every master, which no one transaction reaches). The marker is moved past each of them
 * once it is acknowledged; one cut short between the two is applied again, which a RESTORE or a library load
 * recognises as identical, and which repeats a keyless command only if nothing came after it.
 */
final class Committer {
    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    static final int MAX_BLOCK_COMMANDS = 1000;
    static final long MAX_BLOCK_BYTES = 8L << 20;
    private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET = "GET".getBytes(StandardCharsets.US_ASCII);
    private static final int[] FIRST_ARG_IS_KEY = {1};

    private final RedisWriter writer;
    private final MarkerKeys keys;
    private final WriteStats stats;

    Committer(RedisWriter writer, MarkerKeys keys) {
        this.writer = writer;
        this.keys = keys;
        this.stats = writer.stats();
    }

    /**
     * Applies {@code batches}, oldest first, and returns once the target has acknowledged all of it.
     *
     * @param retried the batches may have been applied in part or whole before (restored from a checkpoint): their
     *                markers are read first
     */
    void commit(List<PendingBatch> batches, boolean retried) {
        if (batches.isEmpty()) {
            return;
        }
        writer.flush();
        Map<String, Marker> markers = retried ? readMarkers(batches) : Map.of();
        for (PendingBatch b : batches) {
            apply(b, markers, retried ? laterIds(b, batches) : Set.of());
        }
        writer.flush();
    }

    private void apply(PendingBatch batch, Map<String, Marker> markers, Set<String> laterBatches) {
        Map<String, Group> groups = new LinkedHashMap<>();
        long skipped = 0;
        for (RedisEvent item : batch.items()) {
            byte[] markerKey = keys.applied(batch.origin(), item.routingKey());
            Group g = groups.computeIfAbsent(text(markerKey),
                    k -> new Group(markerKey, alreadyApplied(markers.get(k), batch, laterBatches)));
            g.seen++;
            if (g.seen <= g.skip) {
                skipped += commands(item);
                continue;
            }
            if (writer.writesAlone(item)) {
                groups.values().forEach(open -> open.send(batch));
                writer.write(item);
                writer.flush();
                writer.send(0, markerKey, new byte[][] {SET, markerKey, Marker.value(batch, g.seen, item)},
                        reply -> checkMarkerSet(markerKey, reply));
            } else {
                g.add(item, batch);
            }
        }
        groups.values().forEach(open -> open.send(batch));
        if (skipped > 0) {
            stats.alreadyApplied(skipped);
            LOG.info("batch {} of checkpoint {}: {} commands were on the target already (a commit retried after a restart), "
                    + "not applied again", batch.id(), batch.checkpointId(), skipped);
        }
    }

    /** How many of the group's items of {@code batch} the marker says are applied. */
    private static long alreadyApplied(Marker m, PendingBatch batch, Set<String> laterBatches) {
        if (m == null) {
            return 0;
        }
        if (m.batchId().equals(batch.id())) {
            return m.count();
        }
        // a group's batches are applied in checkpoint order: a later one's marker means this one is whole
        return laterBatches.contains(m.batchId()) ? Long.MAX_VALUE : 0;
    }

    private Map<String, Marker> readMarkers(List<PendingBatch> batches) {
        Map<String, byte[]> groupKeys = new LinkedHashMap<>();
        for (PendingBatch b : batches) {
            for (RedisEvent item : b.items()) {
                byte[] k = keys.applied(b.origin(), item.routingKey());
                groupKeys.putIfAbsent(text(k), k);
            }
        }
        Map<String, Marker> markers = new HashMap<>();
        groupKeys.forEach((name, key) -> writer.send(0, key, new byte[][] {GET, key}, reply -> {
            if (reply instanceof RespError err) {
                throw new TargetWriteException("target " + writer.addressFor(key) + " refused GET " + name
                        + " (the exactly-once marker): " + err.message() + TargetErrors.advice(err), null);
            }
            Marker m = Marker.parse(reply);
            if (m != null) {
                markers.put(name, m);
            }
        }));
        writer.flush();
        return markers;
    }

    private static Set<String> laterIds(PendingBatch b, List<PendingBatch> batches) {
        Set<String> later = new HashSet<>();
        for (PendingBatch other : batches) {
            if (other.checkpointId() > b.checkpointId()) {
                later.add(other.id());
            }
        }
        return later;
    }

    private static int commands(RedisEvent item) {
        return item instanceof TransactionEvent t ? t.commands().size() : 1;
    }

    private void checkMarkerSet(byte[] markerKey, Object reply) {
        if (!"OK".equals(reply)) {
            String why = reply instanceof RespError err ? err.message() + TargetErrors.advice(err) : String.valueOf(reply);
            throw new TargetWriteException("target " + writer.addressFor(markerKey) + " refused SET " + text(markerKey)
                    + " (the exactly-once marker): " + why, null);
        }
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** A marker group's open block: commands not sent yet, and how many of the group's items are counted so far. */
    private final class Group {
        final byte[] markerKey;
        final long skip;
        long seen;
        final List<CommandEvent> block = new ArrayList<>();
        long blockBytes;
        RedisEvent last;

        Group(byte[] markerKey, long skip) {
            this.markerKey = markerKey;
            this.skip = skip;
        }

        void add(RedisEvent item, PendingBatch batch) {
            if (item instanceof TransactionEvent t) {
                writer.admit(t);
                t.commands().forEach(this::append);
            } else {
                CommandEvent c = writer.admit((CommandEvent) item);
                if (c != null) {
                    append(c);
                }
            }
            last = item;
            if (block.size() >= MAX_BLOCK_COMMANDS || blockBytes >= MAX_BLOCK_BYTES) {
                send(batch);
            }
        }

        private void append(CommandEvent c) {
            block.add(c);
            for (byte[] arg : c.argv()) {
                blockBytes += arg.length;
            }
        }

        /** The block with its marker, as one transaction; nothing when no item was added since the last. */
        void send(PendingBatch batch) {
            if (last == null) {
                return;
            }
            List<CommandEvent> commands = new ArrayList<>(block.size() + 1);
            commands.addAll(block);
            commands.add(new CommandEvent(0, new byte[][] {SET, markerKey, Marker.value(batch, seen, last)}, FIRST_ARG_IS_KEY,
                    batch.id(), seen));
            List<CommandEvent> sent = List.copyOf(block);
            writer.sendBlock(markerKey, commands, reply -> executed(sent, reply));
            block.clear();
            blockBytes = 0;
            last = null;
        }

        /**
         * EXEC's reply. A block refused while queued (EXECABORT: out of memory, a moved slot the channel could not
         * follow) applied nothing and is retried whole after the restart. A command that failed while EXEC ran it is
         * the one thing not applied of a block whose marker moved: the job stops here, naming it.
         */
        private void executed(List<CommandEvent> sent, Object reply) {
            if (reply instanceof RespError err) {
                throw new TargetWriteException("target " + writer.addressFor(markerKey) + " refused a transaction of "
                        + sent.size() + " commands (exactly-once, marker " + text(markerKey) + "), so none of it is applied: "
                        + err.message() + TargetErrors.advice(err), null);
            }
            if (!(reply instanceof List<?> results) || results.size() != sent.size() + 1) {
                throw new TargetWriteException("target " + writer.addressFor(markerKey) + " answered EXEC of an exactly-once "
                        + "transaction of " + sent.size() + " commands with " + reply + ", not one result per command", null);
            }
            for (int i = 0; i < sent.size(); i++) {
                if (results.get(i) instanceof RespError err) {
                    CommandEvent c = sent.get(i);
                    throw new TargetWriteException("target " + writer.addressFor(markerKey) + " refused command '"
                            + c.printable() + "' (db " + c.db() + ", from " + c.splitId() + "@" + c.position() + ") inside "
                            + "an exactly-once transaction: " + err.message() + ". The transaction's other commands are "
                            + "applied and its marker counts this one, so a restart goes on after it: the key may now "
                            + "differ from the source's (ferry verify finds it)", null);
                }
            }
            stats.commandsApplied(sent.size());
        }
    }
}
