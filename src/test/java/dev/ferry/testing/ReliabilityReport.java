package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reliability section's table, written by the fault-injection tests themselves: each case leaves its row in
 * {@code target/reliability/<id>.row}, and every new row rewrites {@code target/reliability.md} from all rows there,
 * in id order, so the table is never edited by hand and a run of one class refreshes its rows only.
 */
public final class ReliabilityReport {
    public static final Path ROWS = Path.of("target", "reliability");
    public static final Path TABLE = Path.of("target", "reliability.md");

    /**
     * @param id      sorts the rows: fault family first, then phase and delivery (e.g. {@code 1-tm-kill-2-streaming-eo})
     * @param outcome what the test asserted, in words
     */
    public record Row(String id, String fault, String phase, String delivery, String outcome) {}

    private ReliabilityReport() {}

    public static synchronized void record(Row row) {
        try {
            Files.createDirectories(ROWS);
            Files.writeString(ROWS.resolve(row.id() + ".row"),
                    String.join("\t", row.fault(), row.phase(), row.delivery(), row.outcome()), StandardCharsets.UTF_8);
            Files.writeString(TABLE, table(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reliability table under target/", e);
        }
    }

    private static String table() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("<!-- written by the fault-injection ITCases (dev.ferry.job.*FaultITCase) into target/reliability.md; "
                + "do not edit by hand -->");
        lines.add("| fault | phase | delivery | outcome |");
        lines.add("| --- | --- | --- | --- |");
        try (Stream<Path> rows = Files.list(ROWS)) {
            for (Path p : rows.filter(f -> f.toString().endsWith(".row")).sorted().toList()) {
                lines.add("| " + Files.readString(p, StandardCharsets.UTF_8).replace("\t", " | ") + " |");
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
