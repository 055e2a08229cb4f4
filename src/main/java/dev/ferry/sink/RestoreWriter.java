package dev.ferry.sink;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.event.KeyEvent;
import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.value.ValueVisitor;
import dev.ferry.rdb.value.ValueWalker;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.RespError;
import dev.ferry.resp.RespWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Pipelines {@code RESTORE key ttl payload ABSTTL} to one standalone target and checks every reply.
 *
 * <p>At most {@code pipelineLimit} commands are in flight; past that, replies are read until half are
 * left, so the pipe stays full. {@link #flush()} returns only when every command sent has been
 * acknowledged, which is what makes a completed Flink checkpoint mean "written".
 *
 * <p>A {@code BUSYKEY} reply is resolved after the batch it came in: if the target already holds exactly
 * the source's value (a re-run, or a resume that replays keys written after the last checkpoint) it is
 * counted as identical and is not a conflict; otherwise the {@link ConflictPolicy} decides.
 */
public final class RestoreWriter implements AutoCloseable {
    private static final byte[] RESTORE = bytes("RESTORE");
    private static final byte[] SELECT = bytes("SELECT");
    private static final byte[] ABSTTL = bytes("ABSTTL");
    private static final byte[] REPLACE = bytes("REPLACE");
    private static final byte[] IDLETIME = bytes("IDLETIME");
    private static final byte[] FREQ = bytes("FREQ");
    private static final byte[] DUMP = bytes("DUMP");
    private static final int READ_TIMEOUT_MS = 60_000;

    private final RedisEndpoint target;
    private final ConflictPolicy policy;
    private final int pipelineLimit;
    private final Consumer<Conflict> conflicts;
    private final LongSupplier clock;
    private final WriteStats stats = new WriteStats();

    private RedisConnection conn;
    private RespWriter out;
    private int currentDb;
    /** Events whose reply is outstanding, in send order; null stands for a SELECT. */
    private final ArrayDeque<KeyEvent> inFlight = new ArrayDeque<>();
    private final List<KeyEvent> busy = new ArrayList<>();

    public RestoreWriter(RedisEndpoint target, ConflictPolicy policy, int pipelineLimit, Consumer<Conflict> conflicts, LongSupplier clock) {
        this.target = target;
        this.policy = policy;
        this.pipelineLimit = Math.max(1, pipelineLimit);
        this.conflicts = conflicts;
        this.clock = clock;
    }

    public void open() {
        conn = RedisConnection.open(target, READ_TIMEOUT_MS);
        out = conn.writer();
        currentDb = 0;
    }

    public WriteStats stats() {
        return stats;
    }

    public void write(KeyEvent e) {
        stats.received++;
        if (e.hasExpire() && e.expireAtMs() <= clock.getAsLong()) {
            stats.expiredSkipped++;
            return;
        }
        try {
            if (e.db() != currentDb) {
                out.command(SELECT, bytes(Integer.toString(e.db())));
                inFlight.add(selectMarker(e.db()));
                currentDb = e.db();
            }
            sendRestore(e, false);
            inFlight.add(e);
            if (inFlight.size() >= pipelineLimit) {
                out.flush();
                readReplies(pipelineLimit / 2);
                resolveBusy();
            }
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    /** Sends everything buffered and waits until the target has acknowledged all of it. */
    public void flush() {
        if (conn == null) {
            return;
        }
        try {
            out.flush();
            readReplies(0);
            resolveBusy();
        } catch (IOException ex) {
            throw lost(ex);
        }
    }

    private void sendRestore(KeyEvent e, boolean replace) throws IOException {
        int argc = 5 + (replace ? 1 : 0) + (e.idle() >= 0 || e.freq() >= 0 ? 2 : 0);
        out.begin(argc);
        out.bulk(RESTORE);
        out.bulk(e.key());
        out.bulk(e.hasExpire() ? e.expireAtMs() : 0);
        out.bulk(e.payload());
        out.bulk(ABSTTL);
        if (replace) {
            out.bulk(REPLACE);
        }
        // An RDB carries either LRU idle time or LFU frequency, depending on the source's maxmemory-policy.
        if (e.idle() >= 0) {
            out.bulk(IDLETIME);
            out.bulk(e.idle());
        } else if (e.freq() >= 0) {
            out.bulk(FREQ);
            out.bulk(e.freq());
        }
    }

    private void readReplies(int leave) throws IOException {
        while (inFlight.size() > leave) {
            KeyEvent e = inFlight.poll();
            Object reply = conn.reader().read();
            if (isSelectMarker(e)) {
                if (reply instanceof RespError err) {
                    throw new TargetWriteException("target " + target.address() + " refused SELECT " + markerDb(e) + ": "
                            + err.message() + advice(err, null), null);
                }
                continue;
            }
            if (reply instanceof RespError err) {
                if (err.is("BUSYKEY")) {
                    busy.add(e);
                    continue;
                }
                throw refused(e, err);
            }
            stats.written++;
            stats.bytes += e.payload().length;
        }
    }

    private void resolveBusy() throws IOException {
        if (busy.isEmpty()) {
            return;
        }
        // Replies for later commands may still be outstanding; the conflict round trips below need a
        // quiet connection.
        out.flush();
        readReplies(0);
        for (KeyEvent e : busy) {
            resolve(e);
        }
        busy.clear();
    }

    private void resolve(KeyEvent e) throws IOException {
        selectNow(e.db());
        Object existing = conn.call(DUMP, e.key());
        if (existing instanceof byte[] dump && samePayload(dump, e.payload())) {
            stats.identical++;
            return;
        }
        String source = e.splitId() + "@" + e.position();
        switch (policy) {
            case PANIC -> {
                conflicts.accept(new Conflict(e.db(), e.key(), "panic", "panic", target.address(), source));
                throw new ConflictPanicException("key '" + e.printableKey() + "' in db " + e.db() + " already exists on target "
                        + target.address() + " with a different value (BUSYKEY), and [advanced] rdb_restore_command_behavior "
                        + "is \"panic\". To continue, set rdb_restore_command_behavior = \"rewrite\" (source wins) or "
                        + "\"ignore\" (target wins), or empty_db_before_sync = true to flush the target first");
            }
            case REWRITE -> {
                sendRestore(e, true);
                out.flush();
                Object reply = conn.reader().read();
                if (reply instanceof RespError err) {
                    throw refused(e, err);
                }
                stats.rewritten++;
                stats.written++;
                stats.bytes += e.payload().length;
                conflicts.accept(new Conflict(e.db(), e.key(), "rewrite", "rewritten", target.address(), source));
            }
            case IGNORE -> {
                stats.skipped++;
                conflicts.accept(new Conflict(e.db(), e.key(), "ignore", "skipped", target.address(), source));
            }
        }
    }

    /**
     * The target may stamp a different RDB version than ours while holding the same bytes, so equal type
     * and value bytes count as the same value.
     */
    private static boolean samePayload(byte[] dump, byte[] payload) {
        if (Arrays.equals(dump, payload)) {
            return true;
        }
        if (dump.length == payload.length && DumpPayload.type(dump) == DumpPayload.type(payload)
                && Arrays.equals(DumpPayload.rawValue(dump), DumpPayload.rawValue(payload))) {
            return true;
        }
        return sameDictValue(dump, payload);
    }

    /**
     * Hashtable-encoded sets and hashes (RDB types SET and HASH) are written in dict iteration order, which
     * depends on each server's hash seed: the target's DUMP of the very value Ferry restored on an earlier run
     * lists the members in another order. For those, equal members (and field values) count as the same value.
     */
    private static boolean sameDictValue(byte[] dump, byte[] payload) {
        int type = DumpPayload.type(payload);
        if ((type != RdbType.SET && type != RdbType.HASH) || DumpPayload.type(dump) != type) {
            return false;
        }
        try {
            return elements(dump, type).equals(elements(payload, type));
        } catch (RuntimeException unreadable) {
            return false; // not ours to judge: treat as different and let the policy decide
        }
    }

    private static Map<ByteBuffer, ByteBuffer> elements(byte[] payload, int type) {
        Map<ByteBuffer, ByteBuffer> m = new HashMap<>();
        byte[] raw = DumpPayload.rawValue(payload);
        ValueWalker.decode(RdbInput.of(raw), type, new ValueVisitor() {
            @Override
            public void setMember(byte[] member) {
                m.put(ByteBuffer.wrap(member), ByteBuffer.allocate(0));
            }

            @Override
            public void hashField(byte[] field, byte[] value, long expireAtMs) {
                m.put(ByteBuffer.wrap(field), ByteBuffer.wrap(value));
            }
        });
        return m;
    }

    private void selectNow(int db) throws IOException {
        if (db != currentDb) {
            Object reply = conn.call(SELECT, bytes(Integer.toString(db)));
            if (reply instanceof RespError err) {
                throw new TargetWriteException("target " + target.address() + " refused SELECT " + db + ": " + err.message(), null);
            }
            currentDb = db;
        }
    }

    private TargetWriteException refused(KeyEvent e, RespError err) {
        return new TargetWriteException("target " + target.address() + " refused key '" + e.printableKey() + "' (db " + e.db()
                + ", from " + e.splitId() + "@" + e.position() + "): " + err.message() + advice(err, e), null);
    }

    private static String advice(RespError err, KeyEvent e) {
        String m = err.message();
        if (err.is("OOM")) {
            return ". The target reached maxmemory: raise it or free memory, then run again with --resume";
        }
        if (m.contains("payload version or checksum")) {
            int v = e == null ? -1 : DumpPayload.rdbVersion(e.payload());
            return ". The target Redis is older than this key's encoding (RDB version " + v
                    + "): migrate to a Redis that supports it, or to one of the same version as the source";
        }
        if (err.is("NOAUTH") || err.is("NOPERM") || err.is("WRONGPASS")) {
            return ". Check [redis_writer] username/password and that the user may run RESTORE, DUMP and SELECT";
        }
        if (err.is("READONLY")) {
            return ". The target is a replica: point [redis_writer] address at its master";
        }
        return ". Nothing was skipped; fix the target and run again with --resume";
    }

    private UncheckedIOException lost(IOException ex) {
        return new UncheckedIOException("lost the connection to target " + target.address() + " with " + inFlight.size()
                + " writes unacknowledged: " + ex.getMessage() + "; they are replayed from the last checkpoint on restart", ex);
    }

    // A SELECT in the in-flight queue is a sentinel event that only carries the db number.
    private static KeyEvent selectMarker(int db) {
        return new KeyEvent(db, null, -1, null, KeyEvent.NO_EXPIRE, -1, -1, null, -1);
    }

    private static boolean isSelectMarker(KeyEvent e) {
        return e.key() == null;
    }

    private static int markerDb(KeyEvent e) {
        return e.db();
    }

    @Override
    public void close() {
        if (conn != null) {
            conn.close();
            conn = null;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
