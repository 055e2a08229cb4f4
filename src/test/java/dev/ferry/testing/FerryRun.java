package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.FerryMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ferry} run in this JVM as the CLI runs it, its output captured; and numbers read off its summary. */
public final class FerryRun {
    private FerryRun() {}

    /** Exit code, standard output, standard error. */
    public record Result(int code, String out, String err) {}

    public static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = FerryMain.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The number after {@code label} in a run summary, e.g. {@code count(out, "keys written")}. */
    public static long count(String output, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s+([0-9,]+)").matcher(output);
        assertThat(m.find()).as("'%s' in the summary:\n%s", label, output).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
