package dev.ferry.source.split;

import dev.ferry.rdb.ResumePoint;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * Where a replica split stands: replication id {@code replid}, and everything up to replication offset
 * {@code offset} emitted, with database {@code db} selected there. While the snapshot is being parsed,
 * {@code snapshot} says how far: offset is then the one the snapshot was taken at.
 *
 * @param snapshot the parse position inside the snapshot, or null once the snapshot is done
 */
@Internal
public record SyncPosition(String replid, long offset, int db, @Nullable SnapshotProgress snapshot) {

    public SyncPosition {
        Objects.requireNonNull(replid, "replid");
    }

    /** In the command stream after the snapshot. */
    public static SyncPosition streaming(String replid, long offset, int db) {
        return new SyncPosition(replid, offset, db, null);
    }

    public boolean inSnapshot() {
        return snapshot != null;
    }

    /**
     * How far the snapshot in the spool has been parsed.
     *
     * @param spoolStart spool position of the snapshot's first byte
     * @param next       where the parser continues, relative to the snapshot's first byte
     */
    @Internal
    public record SnapshotProgress(long spoolStart, ResumePoint next) {
        public SnapshotProgress {
            Objects.requireNonNull(next, "next");
        }

        /** Spool position of the next snapshot entry: everything before it is no longer needed. */
        public long spoolPosition() {
            return spoolStart + next.offset();
        }
    }
}
