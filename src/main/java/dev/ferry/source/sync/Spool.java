package dev.ferry.source.sync;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * An append-only byte log in segment files under one directory: the replication stream is appended as fast as
 * the socket delivers it and read back by a consumer at its own pace, so a slow target never makes the source
 * drop Ferry for exceeding {@code client-output-buffer-limit replica}.
 *
 * <p>Positions are logical byte offsets from the start of the log; each segment file is named after the position
 * of its first byte, so the log survives a restart ({@link #open} picks the segments up again). One thread
 * appends; any number of {@link SpoolReader}s read, blocking until bytes arrive. {@link #release} deletes the
 * segments every reader is done with.
 */
public final class Spool implements AutoCloseable {
    private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.spool");

    private final Path dir;
    private final long segmentBytes;
    /** Start position → file; the last one is the segment being written. */
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grown = lock.newCondition();

    private volatile long end;
    private volatile IOException writeFailure;
    private volatile IOException inputEnded;
    private volatile boolean closed;

    private FileChannel active;
    private long activeBytes;

    private Spool(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** Opens the spool in {@code dir} (created if missing), continuing after the segments already there. */
    public static Spool open(Path dir, long segmentBytes) throws IOException {
        if (segmentBytes <= 0) {
            throw new IllegalArgumentException("segment size must be positive: " + segmentBytes);
        }
        Spool spool = new Spool(dir.toAbsolutePath(), segmentBytes);
        Files.createDirectories(spool.dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool.dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (SEGMENT.matcher(name).matches()) {
                    spool.segments.put(Long.parseLong(name.substring(0, 20)), f);
                }
            }
        }
        long expected = spool.segments.isEmpty() ? 0 : spool.segments.firstKey();
        for (Map.Entry<Long, Path> s : spool.segments.entrySet()) {
            if (s.getKey() != expected) {
                throw new IOException("the spool in " + spool.dir + " has a gap: bytes " + expected + " to "
                        + s.getKey() + " are missing; delete the directory to start over");
            }
            expected += Files.size(s.getValue());
        }
        spool.end = expected;
        return spool;
    }

    public Path dir() {
        return dir;
    }

    /** Position of the first byte still on disk. */
    public long start() {
        Map.Entry<Long, Path> first = segments.firstEntry();
        return first == null ? end : first.getKey();
    }

    /** Position just after the last byte appended. */
    public long end() {
        return end;
    }

    public long bytesOnDisk() {
        return end - start();
    }

    /**
     * Appends bytes. A failed write (full disk) leaves the spool exactly as it was before this call, is reported
     * as a {@link SpoolWriteException} naming the directory, and fails every later append the same way.
     */
    public void append(byte[] b, int off, int len) throws IOException {
        IOException failed = writeFailure;
        if (failed != null) {
            throw new SpoolWriteException(failed.getMessage(), failed);
        }
        if (closed) {
            throw new IOException("the spool in " + dir + " is closed");
        }
        long committedBefore = activeBytes;
        Path writingBefore = active == null ? null : segments.lastEntry().getValue();
        long lastSegmentBefore = segments.isEmpty() ? -1 : segments.lastKey();
        long position = end;
        try {
            for (int written = 0; written < len; ) {
                if (active == null || activeBytes == segmentBytes) {
                    roll(position);
                }
                int n = (int) Math.min(len - written, segmentBytes - activeBytes);
                ByteBuffer buf = ByteBuffer.wrap(b, off + written, n);
                while (buf.hasRemaining()) {
                    active.write(buf);
                }
                activeBytes += n;
                written += n;
                position += n;
            }
        } catch (IOException e) {
            undo(lastSegmentBefore, writingBefore, committedBefore);
            throw fail(e);
        }
        lock.lock();
        try {
            end = position;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Starts the segment whose first byte is at {@code position}. */
    private void roll(long position) throws IOException {
        if (active != null) {
            active.close();
            active = null;
        }
        Path file = dir.resolve(String.format("%020d.spool", position));
        // a file already at this name is a leftover beyond the end of an earlier spool: its bytes are not ours
        active = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        activeBytes = 0;
        segments.put(position, file);
    }

    /** Removes what a failed append wrote: the segments it created, and its bytes in the one it wrote first. */
    private void undo(long lastSegmentBefore, Path writingBefore, long committedBytes) {
        try {
            if (active != null) {
                active.close();
            }
        } catch (IOException ignored) {
            // the write failure being reported says more
        }
        active = null;
        while (!segments.isEmpty() && segments.lastKey() > lastSegmentBefore) {
            try {
                Files.deleteIfExists(segments.pollLastEntry().getValue());
            } catch (IOException ignored) {
                // a leftover beyond the end is overwritten by the next spool that gets this far
            }
        }
        if (writingBefore != null) {
            try (FileChannel ch = FileChannel.open(writingBefore, StandardOpenOption.WRITE)) {
                ch.truncate(committedBytes);
            } catch (IOException ignored) {
                // cannot shrink it: readers still stop at end, which never counted these bytes
            }
        }
    }

    private SpoolWriteException fail(IOException e) {
        SpoolWriteException failure = new SpoolWriteException("cannot write the replication spool in " + dir + ": "
                + e.getMessage() + "; free disk space there or point [advanced] dir at a bigger disk (the "
                + end + " bytes spooled before are intact)", e);
        lock.lock();
        try {
            writeFailure = failure;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
        return failure;
    }

    /**
     * No more bytes will come from the current producer (the connection closed, or failed with {@code why}):
     * readers get {@code why} once they have read everything appended.
     */
    public void endInput(IOException why) {
        lock.lock();
        try {
            inputEnded = why;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A new producer continues the log (a reconnect that resumes the stream where it stopped). */
    public void resumeInput() {
        inputEnded = null;
    }

    /** A reader at {@code position}, which must be between {@link #start()} and {@link #end()}. */
    public SpoolReader reader(long position) throws IOException {
        if (position < start() || position > end) {
            throw new IOException("position " + position + " is not in the spool in " + dir + " (it holds "
                    + start() + " to " + end + ")");
        }
        return new SpoolReader(this, position);
    }

    /** Deletes the segments that lie wholly below {@code position}; the one being written is kept. */
    public void release(long position) throws IOException {
        lock.lock();
        try {
            while (segments.size() > (closed ? 0 : 1)) {
                Map.Entry<Long, Path> first = segments.firstEntry();
                Long next = segments.higherKey(first.getKey());
                long segmentEnd = next == null ? end : next;
                if (segmentEnd > position) {
                    break;
                }
                Files.deleteIfExists(first.getValue());
                segments.remove(first.getKey());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops appends and wakes blocked readers; the segments stay on disk. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            grown.signalAll();
            if (active != null) {
                active.close();
                active = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private long awaitForever() throws InterruptedException {
        grown.await();
        return Long.MAX_VALUE;
    }

    // ---- for SpoolReader ----

    /** The segment holding {@code position}: its start and file, or null when released. */
    Map.Entry<Long, Path> segmentAt(long position) {
        Map.Entry<Long, Path> e = segments.floorEntry(position);
        if (e == null || position < start()) {
            return null;
        }
        return e;
    }

    /** Where the segment starting at {@code segmentStart} ends (exclusive), as far as bytes are committed. */
    long segmentEnd(long segmentStart) {
        Long next = segments.higherKey(segmentStart);
        return next == null ? end : Math.min(next, end);
    }

    /** Blocks until there are bytes at {@code position}; throws when none will ever come. */
    void awaitBytesAt(long position) throws IOException {
        awaitBytesAt(position, Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} for bytes at {@code position}, so a consumer that must stay responsive
     * (a Flink split reader) can poll; throws when none will ever come.
     *
     * @return whether there are bytes at {@code position}
     */
    public boolean awaitBytesAt(long position, Duration timeout) throws IOException {
        return awaitBytesAt(position, timeout.toNanos());
    }

    private boolean awaitBytesAt(long position, long timeoutNanos) throws IOException {
        if (end > position) {
            return true;
        }
        lock.lock();
        try {
            long left = timeoutNanos;
            while (end <= position) {
                IOException stop = writeFailure != null ? writeFailure : inputEnded;
                if (stop != null) {
                    throw new IOException(stop.getMessage(), stop);
                }
                if (closed) {
                    throw new IOException("the spool in " + dir + " was closed");
                }
                if (left <= 0) {
                    return false;
                }
                left = timeoutNanos == Long.MAX_VALUE ? awaitForever() : grown.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the replication stream");
        } finally {
            lock.unlock();
        }
    }
}
