package dev.ferry.source.sync;

import java.io.Serializable;

/**
 * What a replica asks the master for: to continue replication id {@code replid} after {@code offset} (the master's
 * {@code master_repl_offset} when the replica's last byte was produced), or, with {@link #fullSync()}, a full
 * synchronization. On the wire PSYNC takes the offset of the next byte wanted, {@code offset + 1}.
 */
public record PsyncRequest(String replid, long offset) implements Serializable {
    private static final String ANY = "?";

    public static PsyncRequest fullSync() {
        return new PsyncRequest(ANY, -1);
    }

    public boolean isFullSync() {
        return ANY.equals(replid);
    }

    String[] psyncCommand() {
        return new String[] {"PSYNC", replid, Long.toString(isFullSync() ? -1 : offset + 1)};
    }
}
