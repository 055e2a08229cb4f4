package dev.ferry.verify.check;

import dev.ferry.testing.InProcessRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ferry check -c CONFIG ARGS} in this JVM. */
final class CheckRun {
    private CheckRun() {}

    static InProcessRun of(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("check", "-c", config.toString()));
        args.addAll(List.of(more));
        return InProcessRun.command(args.toArray(String[]::new));
    }
}
