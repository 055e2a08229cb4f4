package dev.ferry.source.reader;

import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.source.scan.FunctionLibraries;
import dev.ferry.source.scan.KeyReads;
import dev.ferry.source.scan.KeyReads.KeyState;
import dev.ferry.source.scan.KeyspaceSubscription;
import dev.ferry.source.scan.KeyspaceSubscription.Notification;
import dev.ferry.source.scan.Keyspace;
import dev.ferry.source.scan.NotifyKeyspaceEvents;
import dev.ferry.source.scan.ScanCommand;
import dev.ferry.source.scan.ScanSettings;
import dev.ferry.source.scan.ShardConnection;
import dev.ferry.source.split.ScanPosition;
import dev.ferry.source.split.ScanSplit;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source shard being read: its function libraries once, then SCAN batches db by db, each batch's keys read
 * with pipelined DUMP + PTTL and emitted as {@link KeyEvent}s, as a snapshot's keys are.
 *
 * <p>With {@code ksn} it first subscribes to the shard's keyspace notifications, and each key they name is read
 * again (DUMP + PTTL) and emitted as {@code RESTORE key ttl payload ABSTTL REPLACE}, or {@code DEL key} when it is
 * gone: a live change, like a replicated write, not a conflict. SCAN batches and notification reads go through one
 * connection in this one thread, so a key's newer state is always emitted after its older one; both carry the key
 * as routing key, so they also reach the writer in that order. A key the scan meets after a notification rewrote it
 * is emitted as a RESTORE ... REPLACE too, so the newer value replaces, instead of meeting the conflict policy.
 *
 * <p>Notifications that were missed (a lost subscription, a job restored from a checkpoint) cannot be recovered:
 * the shard is then scanned again from the beginning, every key replacing the target's, after one WARN line. Keys
 * deleted on the source while nothing listened stay on the target; {@code ferry verify} finds them.
 */
@Internal
final class ShardScan implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardScan.class);
    /** Notifications handled per step, so SCAN batches keep going on a busy source. */
    static final int MAX_NOTIFICATIONS = 512;
    /** How long a step waits for a notification once the scan is done. */
    static final long IDLE_WAIT_MS = 50;
    private static final byte[] RESTORE = ascii("RESTORE");
    private static final byte[] ABSTTL = ascii("ABSTTL");
    private static final byte[] REPLACE = ascii("REPLACE");
    private static final byte[] DEL = ascii("DEL");
    private static final byte[] NO_TTL = ascii("0");
    private static final int[] KEY_AT_1 = {1};

    private final ScanSplit split;
    private final ScanSettings settings;
    private final ShardConnection connection;
    private final RdbSourceMetrics metrics;
    private final SnapshotGauges progress;
    private final LongSupplier clock;
    /** Records to hand out with the next step: function libraries, position marks. */
    private final List<ScanRecord> queued = new ArrayList<>();
    /** Keys a notification rewrote during the first scan. */
    private final Set<Notification> notified = new HashSet<>();
    @Nullable private KeyspaceSubscription subscription;
    private List<Integer> dbs;
    private ScanPosition position;
    /** A scan after notifications were missed: every key it reads replaces the target's. */
    private boolean rescan;
    /** Keys SCAN returned since this scan started. */
    private long scannedKeys;

    private ShardScan(ScanSplit split, ScanSettings settings, ShardConnection connection, RdbSourceMetrics metrics,
                      LongSupplier clock) {
        this.split = split;
        this.settings = settings;
        this.connection = connection;
        this.metrics = metrics;
        this.progress = SnapshotGauges.keys(metrics.split(split.splitId()));
        this.clock = clock;
    }

    static ShardScan open(ScanSplit split, ScanSettings settings, RateLimiter<?> limiter, RdbSourceMetrics metrics)
            throws IOException {
        ShardConnection c = ShardConnection.open(settings.endpoint(split.host(), split.port()), limiter);
        ShardScan s = new ShardScan(split, settings, c, metrics, System::currentTimeMillis);
        try {
            s.start();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void start() throws IOException {
        if (settings.ksn()) {
            // before the first SCAN: a key that changes after this is notified, one that does not is scanned
            NotifyKeyspaceEvents.ensure(connection.raw(), settings.ksnConfigure());
            subscription = KeyspaceSubscription.open(connection.endpoint(), settings.dbs());
        }
        ScanPosition restored = split.position();
        if (restored == null) {
            for (byte[] code : FunctionLibraries.codes(connection)) {
                metrics.functionsRead.inc();
                queued.add(new ScanRecord(FunctionLoad.of(code, split.splitId(), 0), null));
            }
            beginScan(false);
            LOG.info("Scan source {}: {} ({} dbs)", split.address(), position, dbs.size());
        } else if (settings.ksn()) {
            LOG.warn("Scan source {}: restored with ksn = true, so the keyspace notifications since the checkpoint were "
                    + "missed; scanning every db again from the beginning, each key replacing the target's", split.address());
            beginScan(true);
        } else {
            dbs = Keyspace.dbs(connection, settings.dbs());
            position = restored;
            scanStarted();
            LOG.info("Scan source {}: resuming at {}", split.address(), restored);
        }
    }

    private void beginScan(boolean again) throws IOException {
        rescan = again;
        notified.clear();
        dbs = Keyspace.dbs(connection, settings.dbs());
        position = !settings.scan() || dbs.isEmpty() ? ScanPosition.done(0) : ScanPosition.startOf(dbs.get(0));
        queued.add(new ScanRecord(null, position));
        scanStarted();
    }

    /** The gauges start over: keys INFO lists now, none scanned yet (a resumed scan counts from where it resumed). */
    private void scanStarted() throws IOException {
        scannedKeys = 0;
        progress.progress(0);
        progress.total(Keyspace.keys(connection, dbs));
        progress.phase(position.scanned() ? scannedPhase() : SnapshotGauges.SNAPSHOT);
    }

    private String scannedPhase() {
        return settings.ksn() ? SnapshotGauges.STREAMING : SnapshotGauges.DONE;
    }

    /** One SCAN batch and the notifications that came in meanwhile; once scanned, waits briefly for notifications. */
    void step(RecordsBySplits.Builder<ScanRecord> out) throws IOException {
        queued.forEach(r -> out.add(split.splitId(), r));
        queued.clear();
        if (subscription != null) {
            String lost = subscription.lost();
            if (lost != null) {
                resubscribe(lost, out);
                return;
            }
            reread(position.scanned() ? awaitChanges() : subscription.drain(MAX_NOTIFICATIONS), out);
        }
        if (!position.scanned()) {
            scanBatch(out);
        }
    }

    String splitId() {
        return split.splitId();
    }

    /** A bounded scan is finished once every db is scanned; with ksn it never is. */
    boolean finished() {
        return !settings.ksn() && position.scanned();
    }

    private List<Notification> awaitChanges() throws IOException {
        try {
            return subscription.await(MAX_NOTIFICATIONS, IDLE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for keyspace notifications");
        }
    }

    private void resubscribe(String reason, RecordsBySplits.Builder<ScanRecord> out) throws IOException {
        LOG.warn("Scan source {}: keyspace notifications lost ({}): changes in between were missed; subscribing again and "
                + "scanning every db again from the beginning, each key replacing the target's", split.address(), reason);
        subscription.close();
        subscription = null;
        subscription = KeyspaceSubscription.open(connection.endpoint(), settings.dbs());
        beginScan(true);
        queued.forEach(r -> out.add(split.splitId(), r));
        queued.clear();
    }

    private void scanBatch(RecordsBySplits.Builder<ScanRecord> out) throws IOException {
        int db = position.db();
        long cursor = position.cursor();
        ScanCommand.Batch batch = ScanCommand.scan(connection, db, cursor, settings.count());
        scannedKeys += batch.keys().size();
        progress.progress(scannedKeys);
        List<KeyState> keys = batch.keys().isEmpty() ? List.of() : KeyReads.read(connection, db, batch.keys(), clock);
        for (KeyState k : keys) {
            if (!k.gone()) {
                out.add(split.splitId(), new ScanRecord(scanned(db, k, cursor), null));
            }
        }
        position = batch.next() != 0 ? new ScanPosition(db, batch.next(), false) : afterDb(db);
        out.add(split.splitId(), new ScanRecord(null, position));
        if (position.scanned()) {
            notified.clear();
            rescan = false;
            progress.phase(scannedPhase());
            LOG.info("Scan source {}: every db scanned{}", split.address(),
                    settings.ksn() ? "; following keyspace notifications" : "");
        } else if (position.db() != db) {
            LOG.info("Scan source {}: db {} scanned, now {}", split.address(), db, position);
        }
    }

    private ScanPosition afterDb(int db) {
        for (int next : dbs) {
            if (next > db) {
                return ScanPosition.startOf(next);
            }
        }
        return ScanPosition.done(db);
    }

    private RedisEvent scanned(int db, KeyState k, long cursor) {
        metrics.keyRead(k.rdbType(), k.payload().length);
        if (settings.ksn() && (rescan || notified.contains(new Notification(db, k.key())))) {
            return restoreReplace(db, k, split.splitId(), cursor);
        }
        return new KeyEvent(db, k.key(), k.rdbType(), k.payload(), k.expireAtMs(), -1, -1, split.splitId(), cursor);
    }

    /** Each changed key read once however often it changed: its newest state is what counts. */
    private void reread(List<Notification> changed, RecordsBySplits.Builder<ScanRecord> out) throws IOException {
        if (changed.isEmpty()) {
            return;
        }
        Map<Integer, List<byte[]>> byDb = new LinkedHashMap<>();
        for (Notification n : new LinkedHashSet<>(changed)) {
            byDb.computeIfAbsent(n.db(), db -> new ArrayList<>()).add(n.key());
        }
        for (Map.Entry<Integer, List<byte[]>> e : byDb.entrySet()) {
            int db = e.getKey();
            for (KeyState k : KeyReads.read(connection, db, e.getValue(), clock)) {
                RedisEvent event = k.gone() ? delete(db, k.key(), split.splitId(), position.cursor())
                        : restoreReplace(db, k, split.splitId(), position.cursor());
                out.add(split.splitId(), new ScanRecord(event, null));
                if (!rescan && !position.scanned()) {
                    notified.add(new Notification(db, k.key()));
                }
            }
        }
    }

    /** A live change: the key's value as it is now, replacing the target's, like a replicated SET. */
    static CommandEvent restoreReplace(int db, KeyState k, String splitId, long position) {
        byte[] ttl = k.expireAtMs() == KeyEvent.NO_EXPIRE ? NO_TTL : ascii(Long.toString(k.expireAtMs()));
        return new CommandEvent(db, new byte[][] {RESTORE, k.key(), ttl, k.payload(), ABSTTL, REPLACE}, KEY_AT_1, splitId,
                position);
    }

    /** A key that is gone (deleted, expired, evicted). */
    static CommandEvent delete(int db, byte[] key, String splitId, long position) {
        return new CommandEvent(db, new byte[][] {DEL, key}, KEY_AT_1, splitId, position);
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        connection.close();
    }

    @Override
    public String toString() {
        return "ShardScan[" + split.address() + ", " + position + "]";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
