package dev.ferry.source.reader;

import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.rdb.RdbFormatException;
import dev.ferry.source.RdbFileException;
import dev.ferry.rdb.RdbParser;
import dev.ferry.rdb.RdbRecord;
import dev.ferry.rdb.ResumePoint;
import dev.ferry.source.split.RdbFileSplit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the keys of RDB file splits, one split at a time, in batches small enough that a checkpoint
 * barrier never waits long behind a fetch: at most {@link #MAX_KEYS_PER_FETCH} keys or about
 * {@link #MAX_BYTES_PER_FETCH} bytes of payload.
 *
 * <p>Each key comes out as a {@link EventWithResumePoint}, carrying the {@link ResumePoint} after it
 * so the emitter can advance the split's state. Empty collections are dropped (see
 * {@link SnapshotEvents}); function libraries become {@code FUNCTION LOAD} commands. A damaged file
 * fails the fetch with an {@link IOException} whose message names the file.
 */
@Internal
public final class RdbFileSplitReader extends SequentialSplitReader<EventWithResumePoint, RdbFileSplit, RdbFileSplitReader.OpenFile> {
    private static final Logger LOG = LoggerFactory.getLogger(RdbFileSplitReader.class);

    static final int MAX_KEYS_PER_FETCH = 512;
    static final long MAX_BYTES_PER_FETCH = 4L << 20;

    private final SnapshotEvents events;
    private final RdbSourceMetrics metrics;
    private final int maxKeysPerFetch;
    private final long maxBytesPerFetch;

    public RdbFileSplitReader(RdbSourceMetrics metrics) {
        this(metrics, MAX_KEYS_PER_FETCH, MAX_BYTES_PER_FETCH);
    }

    RdbFileSplitReader(RdbSourceMetrics metrics, int maxKeysPerFetch, long maxBytesPerFetch) {
        this.events = new SnapshotEvents(metrics);
        this.metrics = metrics;
        this.maxKeysPerFetch = maxKeysPerFetch;
        this.maxBytesPerFetch = maxBytesPerFetch;
    }

    @Override
    public RecordsWithSplitIds<EventWithResumePoint> fetch() throws IOException {
        RecordsBySplits.Builder<EventWithResumePoint> out = new RecordsBySplits.Builder<>();
        if (current == null) {
            RdbFileSplit next = pending.poll();
            if (next == null) {
                return out.build();
            }
            current = OpenFile.open(next, metrics);
            current.progress.total(current.channel.size());
        }
        OpenFile f = current;
        String splitId = f.split.splitId();
        int keys = 0;
        long bytes = 0;
        try {
            while (keys < maxKeysPerFetch && bytes < maxBytesPerFetch) {
                RdbRecord r = f.parser.next();
                if (r == null) {
                    finish(f);
                    out.addFinishedSplit(splitId);
                    break;
                }
                RedisEvent event = events.of(r, f.parser, splitId, "RDB file " + f.split.file());
                if (event != null) {
                    out.add(splitId, new EventWithResumePoint(event, f.parser.resumePoint()));
                    keys++;
                    bytes += event instanceof KeyEvent k ? k.payload().length : 0;
                }
            }
            f.progress.progress(f.parser.position());
        } catch (RdbFormatException | UncheckedIOException e) {
            closeCurrent();
            throw fileError(f.split, e);
        } catch (RuntimeException e) {
            // Not a format problem the parser recognised: most likely a Ferry bug, so keep the whole chain.
            closeCurrent();
            throw new IOException("RDB file " + f.split.file() + ": unexpected error at byte " + f.parser.position() + ": " + e, e);
        }
        return out.build();
    }

    /**
     * The job's root cause must name the file and keep the parser's own words, so the cause is not chained
     * (it would become the root cause, without the path); its stack trace is kept instead.
     */
    private static IOException fileError(RdbFileSplit split, RuntimeException e) {
        Throwable source = e instanceof UncheckedIOException u ? u.getCause() : e;
        IOException wrapped = new RdbFileException("RDB file " + split.file() + ": " + source.getMessage());
        wrapped.setStackTrace(source.getStackTrace());
        return wrapped;
    }

    private void finish(OpenFile f) {
        LOG.info("RDB file {}: done", f.split.file());
        f.progress.phase(SnapshotGauges.DONE);
        closeCurrent();
    }

    @Override
    public void wakeUp() {
        // fetch() never blocks for long: it returns after one bounded batch.
    }

    /** A split being read: its open file and the parser positioned in it. */
    static final class OpenFile implements AutoCloseable {
        final RdbFileSplit split;
        final FileChannel channel;
        final RdbParser parser;
        final SnapshotGauges progress;

        private OpenFile(RdbFileSplit split, FileChannel channel, RdbParser parser, SnapshotGauges progress) {
            this.split = split;
            this.channel = channel;
            this.parser = parser;
            this.progress = progress;
        }

        /** Registers the split's gauges last, so a file that cannot be opened or parsed gets none. */
        static OpenFile open(RdbFileSplit split, RdbSourceMetrics metrics) throws IOException {
            FileChannel channel;
            try {
                channel = FileChannel.open(split.file(), StandardOpenOption.READ);
            } catch (IOException e) {
                throw new RdbFileException("RDB file " + split.file() + ": cannot open it: " + e, e);
            }
            RdbParser parser;
            try {
                ResumePoint p = split.position();
                InputStream in;
                if (p == null) {
                    in = Channels.newInputStream(channel);
                    parser = RdbParser.open(in, true);
                    LOG.info("RDB file {}: reading from the start (RDB version {})", split.file(), parser.rdbVersion());
                } else {
                    channel.position(p.offset());
                    in = Channels.newInputStream(channel);
                    parser = RdbParser.resume(in, p, true);
                    LOG.info("RDB file {}: resuming at byte {} (db {})", split.file(), p.offset(), p.db());
                }
            } catch (RdbFormatException | UncheckedIOException e) {
                closeQuietly(channel);
                throw fileError(split, e);
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
            return new OpenFile(split, channel, parser, SnapshotGauges.bytes(metrics.split(split.splitId())));
        }

        @Override
        public void close() {
            closeQuietly(channel);
        }

        private static void closeQuietly(FileChannel c) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing RDB file", e);
            }
        }
    }
}
