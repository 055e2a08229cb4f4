package dev.ferry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Files.createDirectories(work);
        Path conf = work.resolve("bench.toml");
        Files.writeString(conf, toml);
        Path log = work.resolve("ferry.out");
        ProcessBuilder pb = new ProcessBuilder(ferryHome.resolve("bin/ferry").toString(), "run", "-c", conf.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("FERRY_JAVA_OPTS", javaOpts);
        long t0 = System.nanoTime();
        int rc = pb.start().waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        String out = Files.readString(log);
        if (rc != 0) {
            System.out.println(out);
            throw new IllegalStateException("bin/ferry exited with " + rc + "; output in " + log);
        }
        return new FerryRun(find(out, "job ran ([0-9.]+) s"), find(out, "throughput\\s+([0-9,]+) keys/s"),
                find(out, "steady state\\s+([0-9,]+) keys/s"), wall);
    }

    private static double find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1).replace(",", "")) : Double.NaN;
    }
}
