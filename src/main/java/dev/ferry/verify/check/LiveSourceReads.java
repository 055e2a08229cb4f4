package dev.ferry.verify.check;

import dev.ferry.config.FerryConfig;
import dev.ferry.config.ScanReaderConfig;
import java.util.List;

/**
 * How Ferry reads a live source, as far as {@code ferry check} is concerned: by replication ({@code [sync_reader]}) or by
 * SCAN + DUMP ({@code [scan_reader]}), which dbs, and so which commands the source's user must be allowed.
 *
 * @param scan the {@code [scan_reader]} section, or null for a replicated source
 */
record LiveSourceReads(ScanReaderConfig scan) {

    static LiveSourceReads of(FerryConfig cfg) {
        return new LiveSourceReads(cfg.scanReader());
    }

    /** The {@link SourceReport#kind()}. */
    String kind() {
        return scan == null ? SourceReport.KIND_REPLICA : SourceReport.KIND_SCAN;
    }

    /** The dbs Ferry reads, ascending; empty for every db the source has (a replicated source: all of them). */
    List<Integer> dbs() {
        return scan == null ? List.of() : scan.dbs();
    }

    /** Whether Ferry reads {@code db}. */
    boolean reads(int db) {
        return dbs().isEmpty() || dbs().contains(db);
    }

    /** The commands Ferry sends to a node of this source, {@code key} standing for the source's keys. */
    List<byte[][]> commands(int versionNumber, byte[] key) {
        if (scan == null) {
            return RequiredCommands.replicationSource();
        }
        return RequiredCommands.scanSource(versionNumber, scan.cluster(), dbs(), scan.ksn(), scan.ksnConfigure(), key);
    }
}
