package dev.ferry.source.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * A note beside a spool's segments that a full sync's snapshot arrived whole: replication {@code replid} at
 * {@code offset}, in spool positions {@code spoolStart} to {@code end}. A job restored in the middle of parsing that
 * snapshot finds it in the spool of the run before (same {@code [advanced] dir}, same machine) and continues it
 * there instead of asking the source for a new one. Without the note (the snapshot was still arriving, or the spool
 * is not on this machine) nothing can be continued.
 *
 * <p>The file is {@value #FILE}: a format line, then one value per line; it is replaced atomically.
 */
public record SpooledSnapshot(String replid, long offset, long spoolStart, long end) {
    static final String FILE = "snapshot.complete";
    private static final String FORMAT = "ferry spooled snapshot 1";

    /** Writes the note into {@code spoolDir}, replacing the one of an earlier snapshot. */
    public void write(Path spoolDir) throws IOException {
        Path tmp = spoolDir.resolve(FILE + ".tmp");
        Files.write(tmp, List.of(FORMAT, replid, Long.toString(offset), Long.toString(spoolStart), Long.toString(end)),
                StandardCharsets.UTF_8);
        Files.move(tmp, spoolDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The note in {@code spoolDir}; empty when there is none, or it is not one this version wrote. */
    public static Optional<SpooledSnapshot> read(Path spoolDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(spoolDir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.size() != 5 || !FORMAT.equals(lines.get(0))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SpooledSnapshot(lines.get(1), Long.parseLong(lines.get(2)), Long.parseLong(lines.get(3)),
                    Long.parseLong(lines.get(4))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether this is the snapshot of {@code replid} at {@code offset} that started at spool position {@code spoolStart}. */
    public boolean is(String replid, long offset, long spoolStart) {
        return this.replid.equals(replid) && this.offset == offset && this.spoolStart == spoolStart;
    }
}
