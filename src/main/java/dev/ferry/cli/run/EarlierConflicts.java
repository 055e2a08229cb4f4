package dev.ferry.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A new run (not {@code --resume}) starts a new {@code conflicts.jsonl}: the file the sink appends to would otherwise mix
 * this run's conflicts with an earlier run's, whose lines carry no run id. The earlier file is kept beside it, named
 * for when it was last written, never deleted.
 */
final class EarlierConflicts {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private EarlierConflicts() {}

    /** @return where a non-empty {@code file} was moved to, or empty when there was none */
    static Optional<Path> keepAside(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return Optional.empty();
            }
            Instant written = Files.getLastModifiedTime(file).toInstant();
            String name = file.getFileName().toString();
            String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
            Path aside = file.resolveSibling(base + "." + STAMP.format(written) + ".jsonl");
            for (int n = 2; Files.exists(aside); n++) {
                aside = file.resolveSibling(base + "." + STAMP.format(written) + "-" + n + ".jsonl");
            }
            Files.move(file, aside);
            return Optional.of(aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the earlier run's " + file + " aside: " + e.getMessage()
                    + "; move or delete it, or check [advanced] dir's permissions", e);
        }
    }
}
