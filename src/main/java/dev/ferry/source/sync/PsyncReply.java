package dev.ferry.source.sync;

/** How the master answered the replica: what follows on the connection depends on it. */
public sealed interface PsyncReply {

    /** A snapshot (RDB transfer) follows before the command stream. */
    boolean snapshotFollows();

    /**
     * {@code +FULLRESYNC <replid> <offset>}: a snapshot taken at {@code offset}, then the commands after it; the
     * stream is resumable from then on with this replid.
     */
    record FullResync(String replid, long offset) implements PsyncReply {
        @Override
        public boolean snapshotFollows() {
            return true;
        }
    }

    /**
     * {@code +CONTINUE [<replid>]}: the commands after the requested offset follow at once. {@code replid} is the
     * id to resume with from now on: the master's new one after a failover, else the one asked for.
     */
    record Continue(String replid, boolean replidChanged) implements PsyncReply {
        @Override
        public boolean snapshotFollows() {
            return false;
        }
    }

    /**
     * The source refused PSYNC and accepted the old SYNC: a snapshot and commands follow, but without a
     * replication id or offsets, so this replication cannot be resumed after an interruption; it has to start
     * over with a full sync.
     */
    record LegacySync() implements PsyncReply {
        @Override
        public boolean snapshotFollows() {
            return true;
        }
    }
}
