package dev.ferry.verify.check;

import dev.ferry.cli.FerryMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code ferry check ARGS} in this JVM, with its exit code and what it printed. */
record CheckRun(int code, String out, String err) {

    static CheckRun of(java.nio.file.Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("check", "-c", config.toString()));
        args.addAll(List.of(more));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = FerryMain.execute(args.toArray(String[]::new));
            return new CheckRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
