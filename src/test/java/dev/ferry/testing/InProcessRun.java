package dev.ferry.testing;

import dev.ferry.cli.FerryMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

/** {@code ferry run -c CONFIG ...} (or any ferry command line) in this JVM, as {@code bin/ferry} runs it, with its exit code and what it printed. */
public record InProcessRun(int code, String out, String err) {

    /** @param more further arguments after {@code run -c CONFIG} */
    public static InProcessRun of(Path config, String... more) {
        return command(Stream.concat(Stream.of("run", "-c", config.toString()), Stream.of(more)).toArray(String[]::new));
    }

    /** {@code ferry ARGS}, e.g. {@code command("check", "-c", cfg, "--format", "json")}. */
    public static InProcessRun command(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = FerryMain.execute(args);
            return new InProcessRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
