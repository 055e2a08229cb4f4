package dev.ferry.source.sync;

import java.io.Serializable;

/**
 * Ties the command-stream part of a {@link Spool} to replication offsets: the byte at spool {@code position}
 * follows the master's offset {@code offset}, and from there on one byte is one offset. This holds across
 * reconnects into the same spool, because a {@code +CONTINUE} resumes exactly after the last byte received.
 */
public record StreamAnchor(long position, long offset) implements Serializable {

    /** Replication offset after the spool's bytes up to {@code spoolPosition} (exclusive). */
    public long offsetAt(long spoolPosition) {
        return offset + (spoolPosition - position);
    }

    /** Spool position of the first byte after replication offset {@code replicationOffset}. */
    public long positionAt(long replicationOffset) {
        return position + (replicationOffset - offset);
    }
}
