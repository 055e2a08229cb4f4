package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ferry} in a JVM of its own, as a user starts it, so a test can interrupt it the way a user does
 * (Ctrl-C is SIGINT) or kill it outright. It runs on this test JVM's classpath and module options;
 * its output goes to a file.
 */
public final class FerryProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private FerryProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static FerryProcess start(Path outputFile, String... args) {
        return start(outputFile, Map.of(), args);
    }

    /** With more environment variables, e.g. {@code FERRY_LOG_LEVEL=DEBUG}. */
    public static FerryProcess start(Path outputFile, Map<String, String> env, String... args) {
        return start(outputFile, env, command(args));
    }

    /**
     * {@code ferry} on a terminal of its own, as a user runs it interactively: {@code script} gives it a
     * pseudo-terminal, and what the terminal shows goes to the file.
     */
    public static FerryProcess startOnTerminal(Path outputFile, String... args) {
        StringBuilder line = new StringBuilder();
        for (String a : command(args)) {
            line.append('\'').append(a.replace("'", "'\\''")).append("' ");
        }
        return start(outputFile, Map.of(),
                List.of("script", "--quiet", "--flush", "--return", "--command", line.toString(), "/dev/null"));
    }

    private static FerryProcess start(Path outputFile, Map<String, String> env, List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(outputFile.toFile());
            pb.environment().put("COLUMNS", "150");
            pb.environment().putAll(env);
            return new FerryProcess(pb.start(), outputFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx512m");
        // Ferry's own logging, as bin/ferry has it: Flink's test jars on this classpath carry a log4j2-test.properties
        // that would silence it
        cmd.add("-Dlog4j2.configurationFile=" + FerryProcess.class.getClassLoader().getResource("log4j2.properties"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.ferry.cli.FerryMain");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Stops it the way a user's Ctrl-C does: the JVM runs the same shutdown hooks for SIGINT and SIGTERM. SIGTERM
     * is sent because a JVM started from a background job of a non-interactive shell (a CI runner, {@code mvn &})
     * inherits SIGINT as ignored, and then never sees it.
     */
    public void interrupt() {
        signal("TERM");
    }

    /** Gone at once, without running any shutdown hook: a crash or kill -9. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The exit code; fails the test with the output when the process does not end in time. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("ferry did not end within " + timeout + "; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
