package dev.ferry.source.sync;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ferry.resp.RespWriter;

/**
 * The write side of a replica connection, and its only writer after the handshake: {@code REPLCONF ACK <offset>}
 * every interval and as soon as the master asks ({@code REPLCONF GETACK}), with the offset the supplier gives,
 * which is what the target has acknowledged, not merely what was received. The ACKs keep the master from
 * dropping the replica after {@code repl-timeout}, and the first one after a diskless snapshot is what makes the
 * master start sending the command stream.
 */
final class AckSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AckSender.class);

    private final RespWriter out;
    private static final int EARLY_ACKS = 25;
    private static final long EARLY_INTERVAL = TimeUnit.MILLISECONDS.toNanos(200);

    private final LongSupplier ackedOffset;
    private final long intervalNanos;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean requested;
    /**
     * ACKs still to send at {@link #EARLY_INTERVAL} after start. A diskless master starts the command stream on
     * the first ACK it receives once it has marked the replica online, which it does in its cron after the
     * transfer: an ACK that arrives before that is not counted, and the stream would wait a whole interval.
     */
    private int early = EARLY_ACKS;
    private volatile boolean closed;
    private volatile long lastSent = -1;

    AckSender(RespWriter out, LongSupplier ackedOffset, Duration interval, String name) {
        this.out = out;
        this.ackedOffset = ackedOffset;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Sends the first ACK now and keeps sending. */
    void start() {
        requestAck();
        thread.start();
    }

    /** The master asked for an ACK (REPLCONF GETACK *). */
    void requestAck() {
        lock.lock();
        try {
            requested = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The offset of the last ACK written, -1 before the first. */
    long lastSent() {
        return lastSent;
    }

    private void run() {
        try {
            while (!closed) {
                awaitTurn();
                if (closed) {
                    return;
                }
                long offset = ackedOffset.getAsLong();
                out.command("REPLCONF", "ACK", Long.toString(offset));
                out.flush();
                lastSent = offset;
            }
        } catch (IOException e) {
            // the receiver sees the same broken connection and reports it
            LOG.debug("stopped sending ACKs: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitTurn() throws InterruptedException {
        lock.lock();
        try {
            long left = early > 0 ? Math.min(EARLY_INTERVAL, intervalNanos) : intervalNanos;
            early = Math.max(0, early - 1);
            while (!requested && !closed && left > 0) {
                left = wake.awaitNanos(left);
            }
            requested = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        requestAck();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
