package dev.ferry.verify.check;

import dev.ferry.config.FerryConfig;
import dev.ferry.config.ScanReaderConfig;
import java.util.List;

/**
 * How Ferry reads a live source, as far as {@code ferry check} is concerned: by replication ({@code [sync_reader]}) or by
 * SCAN + DUMP ({@code [scan_reader]}), which dbs, and so which commands the source's user must be allowed.
 *
 * @param kind the {@link SourceReport#kind()}
 * @param dbs  the dbs Ferry reads, ascending; empty for every db the source has
 * @param scan the {@code [scan_reader]} section, or null for a replicated source
 */
record LiveSourceReads(String kind, List<Integer> dbs, ScanReaderConfig scan) {

    static LiveSourceReads of(FerryConfig cfg) {
        ScanReaderConfig scan = cfg.scanReader();
        return scan == null ? new LiveSourceReads(SourceReport.KIND_REPLICA, List.of(), null)
                : new LiveSourceReads(SourceReport.KIND_SCAN, scan.dbs(), scan);
    }

    /** Whether Ferry reads {@code db}. */
    boolean reads(int db) {
        return dbs.isEmpty() || dbs.contains(db);
    }

    /** The commands Ferry sends to a node of this source, {@code key} standing for the source's keys. */
    List<byte[][]> commands(int versionNumber, byte[] key) {
        if (scan == null) {
            return RequiredCommands.replicationSource();
        }
        return RequiredCommands.scanSource(versionNumber, scan.cluster(), dbs, scan.ksn(), scan.ksnConfigure(), key);
    }
}
