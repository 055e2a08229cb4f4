package dev.ferry.source.sync;

import java.util.HashMap;
import java.util.Map;

/**
 * What a server's {@code INFO replication} says about the history it can serve a replica from: its role, whether a
 * replica's link to its master is up, and its replication ids, offsets and backlog.
 */
public record ReplicationInfo(String role, boolean linkUp, String replid, String replid2, long offset,
                              long secondReplidOffset, boolean backlogActive, long backlogFirstByte) {

    /** Parses the text of {@code INFO replication}. */
    public static ReplicationInfo parse(String info) {
        Map<String, String> f = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return new ReplicationInfo(f.getOrDefault("role", "unknown"), "up".equals(f.get("master_link_status")),
                f.getOrDefault("master_replid", ""), f.getOrDefault("master_replid2", ""),
                number(f, "master_repl_offset"), number(f, "second_repl_offset"),
                "1".equals(f.get("repl_backlog_active")), number(f, "repl_backlog_first_byte_offset"));
    }

    private static long number(Map<String, String> f, String name) {
        try {
            return Long.parseLong(f.getOrDefault(name, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A replica whose link to its master is up: what it serves is current. */
    public boolean isSyncedReplica() {
        return "slave".equals(role) && linkUp;
    }

    /**
     * Whether this server would answer {@code request} with {@code +CONTINUE}: the same test a master makes
     * (replication id, or the previous one up to where it was replaced, and the next byte still in the backlog).
     */
    public boolean canContinue(PsyncRequest request) {
        if (request.isFullSync()) {
            return false;
        }
        long next = request.offset() + 1;
        boolean sameHistory = request.replid().equals(replid)
                || (request.replid().equals(replid2) && next <= secondReplidOffset);
        return sameHistory && backlogActive && next >= backlogFirstByte && next <= offset + 1;
    }
}
