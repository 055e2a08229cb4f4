package dev.ferry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry run} on an interactive terminal (a pseudo-terminal from {@code script}): the progress is one line
 * redrawn in place, not log lines, and the terminal is left on a fresh line for the summary.
 */
class ProgressBarITCase {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final String ERASE_TO_END_OF_LINE = "\u001b[K";

    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> TestData.fillStrings(j, 20_000, 64));

    @TempDir
    Path dir;

    @Test
    void anInteractiveTerminalShowsOneLineRedrawnInPlace() {
        Path cfg = MigrationConfig.rdbToRedis(servers.source().rdbFile(), servers.target().address(), dir)
                .advanced("log_interval", "1").write();
        try (FerryProcess run = FerryProcess.startOnTerminal(dir.resolve("terminal.out"), "run", "-c", cfg.toString())) {
            assertThat(run.waitFor(RUN_TIMEOUT)).as(run.output()).isZero();
            String screen = run.output();
            assertThat(screen).as("redrawn: carriage return, the bar, erase the rest of the line")
                    .containsPattern("\r\u001b\\[K\\[[#-]{20}] +[0-9.?]+% (starting|snapshot|finishing|done) \\| [0-9,]+ keys/s");
            assertThat(screen).as("the last state, then a fresh line for the summary")
                    .containsPattern("\r\u001b\\[K\\[#{20}] +100\\.0% done \\|[^\r\n]*20,000 keys \\+ 0 cmds \\| conflicts 0"
                            + "[^\r\n]*\r?\n[^\n]*Migration finished");
            assertThat(screen).as("no progress log lines on a terminal").doesNotContain("progress: ");
            assertThat(screen).as("the runner's messages clear the bar's line and are written above it")
                    .contains("\r" + ERASE_TO_END_OF_LINE + "Flink web UI: http://127.0.0.1:");
            assertThat(screen).as("and so do log lines")
                    .containsPattern("\r\u001b\\[K\\d\\d:\\d\\d:\\d\\d INFO  RdbFileSplitReader - RDB file .*: done");
        }
        servers.assertTargetEqualsSource();
    }
}
