package dev.ferry.source.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

import dev.ferry.resp.RespReader;

/**
 * Moves the snapshot a master sends after {@code +FULLRESYNC} (or SYNC) from the connection into the spool,
 * without its framing. While the master prepares the RDB it sends bare newlines (keepalives). The transfer is
 * then either {@code $<length>\r\n} and that many bytes (disk-based), or {@code $EOF:<40-byte mark>\r\n}, the
 * RDB, and the mark again (diskless: the master streams the RDB as its child writes it and does not know the
 * length). The mark is not part of the RDB and is not spooled.
 */
final class SnapshotTransfer {
    static final int MARK_LENGTH = 40;
    private static final int CHUNK = 1 << 16;

    /** The snapshot's bytes lie at spool positions [start, end). */
    record Result(long start, long end, boolean diskless) {
        long length() {
            return end - start;
        }
    }

    private SnapshotTransfer() {}

    /** @param length told the snapshot's length as soon as it is known: at the header when disk-based, else at its end */
    static Result receive(RespReader in, Spool spool, LongConsumer length) throws IOException {
        String header = header(in);
        long start = spool.end();
        if (header.startsWith("$EOF:") && header.length() >= 5 + MARK_LENGTH) {
            byte[] mark = header.substring(5, 5 + MARK_LENGTH).getBytes(StandardCharsets.ISO_8859_1);
            Result diskless = new Result(start, copyUntilMark(in, spool, mark), true);
            length.accept(diskless.length());
            return diskless;
        }
        long size;
        try {
            size = Long.parseLong(header.substring(1));
        } catch (NumberFormatException e) {
            throw new IOException("bad snapshot transfer header '" + header + "'");
        }
        length.accept(size);
        copy(in, spool, size);
        return new Result(start, spool.end(), false);
    }

    private static String header(RespReader in) throws IOException {
        while (true) {
            String line = in.readTextLine();
            if (line.isEmpty()) {
                continue; // keepalive while the master's child writes the RDB
            }
            if (line.startsWith("-")) {
                throw new IOException("the source aborted the snapshot transfer: " + line.substring(1));
            }
            if (!line.startsWith("$")) {
                throw new IOException("expected a snapshot transfer header ($<length> or $EOF:<mark>), got '" + line + "'");
            }
            return line;
        }
    }

    private static void copy(RespReader in, Spool spool, long length) throws IOException {
        byte[] buf = new byte[CHUNK];
        for (long left = length; left > 0; ) {
            int n = in.readAvailable(buf, 0, (int) Math.min(buf.length, left));
            spool.append(buf, 0, n);
            left -= n;
        }
    }

    /**
     * Copies up to the mark and returns the spool position where the RDB ends. The last {@code MARK_LENGTH - 1}
     * bytes are held back each round, because they may be the start of a mark completed by the next read; bytes
     * after the mark (none in practice: the master waits for the replica's first ACK) are the command stream.
     */
    private static long copyUntilMark(RespReader in, Spool spool, byte[] mark) throws IOException {
        byte[] w = new byte[MARK_LENGTH + CHUNK];
        int held = 0;
        while (true) {
            int total = held + in.readAvailable(w, held, CHUNK);
            int at = indexOf(w, total, mark);
            if (at >= 0) {
                spool.append(w, 0, at);
                long end = spool.end();
                spool.append(w, at + MARK_LENGTH, total - at - MARK_LENGTH);
                return end;
            }
            held = Math.min(total, MARK_LENGTH - 1);
            spool.append(w, 0, total - held);
            System.arraycopy(w, total - held, w, 0, held);
        }
    }

    private static int indexOf(byte[] w, int length, byte[] mark) {
        outer:
        for (int i = 0; i + mark.length <= length; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (w[i + j] != mark[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
