package dev.ferry.source.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Reads a {@link Spool} from a position on, blocking until bytes arrive. When the producer has stopped, the
 * reader returns every byte it appended and then throws the reason; it never reports a plain end of stream,
 * because a replication stream does not end.
 */
public final class SpoolReader extends InputStream {
    private final Spool spool;
    private long position;
    private FileChannel channel;
    private long channelStart = -1;

    SpoolReader(Spool spool, long position) {
        this.spool = spool;
        this.position = position;
    }

    /** Spool position of the next byte this reader returns. */
    public long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        read(one, 0, 1);
        return one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        spool.awaitBytesAt(position);
        Map.Entry<Long, Path> segment = spool.segmentAt(position);
        if (segment == null) {
            throw released();
        }
        if (channelStart != segment.getKey()) {
            closeChannel();
            try {
                channel = FileChannel.open(segment.getValue(), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw released();
            }
            channelStart = segment.getKey();
        }
        int n = (int) Math.min(len, spool.segmentEnd(channelStart) - position);
        int got = channel.read(ByteBuffer.wrap(b, off, n), position - channelStart);
        if (got <= 0) {
            throw new IOException("segment " + segment.getValue() + " is shorter than the spool says: it was "
                    + "changed by something else");
        }
        position += got;
        return got;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, spool.end() - position);
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
            channelStart = -1;
        }
    }

    private IOException released() {
        return new IOException("spool position " + position + " in " + spool.dir() + " was already released");
    }
}
