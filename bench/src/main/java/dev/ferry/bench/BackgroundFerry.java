package dev.ferry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code bin/ferry run -c <toml>} left running, as a live migration is, until {@link #stop()} (SIGTERM, as Ctrl-C). */
final class BackgroundFerry implements AutoCloseable {
    private final Process process;
    private final Path output;

    private BackgroundFerry(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static BackgroundFerry start(Path ferryHome, Path conf, Path output, String javaOpts) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ferryHome.resolve("bin/ferry").toString(), "run", "-c", conf.toString())
                .directory(conf.getParent().toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("FERRY_JAVA_OPTS", javaOpts);
        return new BackgroundFerry(pb.start(), output);
    }

    Path output() {
        return output;
    }

    void assertAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("bin/ferry ended with " + process.exitValue() + ":\n" + Files.readString(output));
        }
    }

    /** Stops the run with a savepoint, as Ctrl-C does, and waits for it to end. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
