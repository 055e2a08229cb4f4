package dev.ferry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code bin/ferry run -c <toml>} as a user starts it, with Ferry's own summary figures and the wall time. */
record FerryRun(double jobSecs, double keysPerSec, double steadyKeysPerSec, double wallSecs) {

    /**
     * The config of a bench run at parallelism 1: {@code reader} (its section as TOML), the target, Ferry's working
     * files under {@code dataDir}, and more {@code [flink]} lines.
     */
    static String toml(String reader, String target, Path dataDir, String... flink) {
        return reader + """

                [redis_writer]
                address = "%s"
                [advanced]
                dir = "%s"
                [flink]
                parallelism = 1
                """.formatted(target, dataDir) + String.join("\n", flink) + "\n";
    }

    /** Writes {@code toml} to {@code work/bench.toml}, runs it with {@code FERRY_JAVA_OPTS=javaOpts}; fails on a non-zero exit. */
    static FerryRun of(Path ferryHome, Path work, String toml, String javaOpts) throws IOException, InterruptedException {
        Output o = command(ferryHome, work, toml, javaOpts, "run");
        return new FerryRun(find(o.text(), "job ran ([0-9.]+) s"), find(o.text(), "throughput\\s+([0-9,]+)"),
                find(o.text(), "steady state\\s+([0-9,]+)"), o.wallSecs());
    }

    /** What a {@code bin/ferry} command printed, and its wall time. */
    record Output(String text, double wallSecs) {}

    /** {@code bin/ferry <command> -c work/bench.toml [more]}, as {@link #of} runs it; fails on a non-zero exit. */
    static Output command(Path ferryHome, Path work, String toml, String javaOpts, String command, String... more)
            throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path conf = work.resolve("bench.toml");
        Files.writeString(conf, toml);
        Path log = work.resolve("ferry.out");
        List<String> cmd = new ArrayList<>(List.of(ferryHome.resolve("bin/ferry").toString(), command, "-c", conf.toString()));
        cmd.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("FERRY_JAVA_OPTS", javaOpts);
        long t0 = System.nanoTime();
        int rc = pb.start().waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        String out = Files.readString(log);
        if (rc != 0) {
            System.out.println(out);
            throw new IllegalStateException("bin/ferry " + command + " exited with " + rc + "; output in " + log);
        }
        return new Output(out, wall);
    }

    static double find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1).replace(",", "")) : Double.NaN;
    }
}
