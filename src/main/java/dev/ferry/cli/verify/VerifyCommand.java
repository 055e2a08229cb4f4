package dev.ferry.cli.verify;

import dev.ferry.cli.BadInputException;
import dev.ferry.cli.ConfigOptions;
import dev.ferry.cli.FerryMain;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import java.time.Duration;
import dev.ferry.verify.Verify;
import dev.ferry.verify.VerifyException;
import dev.ferry.verify.VerifyMode;
import dev.ferry.verify.VerifyOptions;
import dev.ferry.verify.VerifyReport;
import dev.ferry.verify.VerifyResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry verify -c FILE}: compares the configured source with the target key by key. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare the configured source and target key by key (missing, extra with --extra, type, value, TTL). "
                + "Writes <dir>/verify/report.json and differences.jsonl. Exits 0 when equal, 1 with differences, 2 on error.")
public final class VerifyCommand implements Callable<Integer> {
    public enum Format { text, json }

    @Mixin
    ConfigOptions config;

    @Option(names = "--mode", defaultValue = "full", description = "full (every element, default), length (type and cardinality) or outline (existence and type)")
    VerifyMode mode;

    @Option(names = "--extra", description = "also SCAN the target and report keys the source does not have")
    boolean extra;

    @Option(names = "--ttl-tolerance", defaultValue = "2s", paramLabel = "DURATION", description = "how far TTLs may differ: ms or \"500ms\", \"2s\", \"1m\" (default 2s)")
    String ttlTolerance;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N", description = "later rounds re-check only the keys that differed (default 1)")
    int rounds;

    @Option(names = "--interval", defaultValue = "5s", paramLabel = "DURATION", description = "pause before each later round (default 5s)")
    String interval;

    @Option(names = "--big-key-threshold", defaultValue = "10000", paramLabel = "N",
            description = "values with more elements are compared in chunks, never loaded whole (default 10000)")
    long bigKeyThreshold;

    @Option(names = "--format", defaultValue = "text", description = "text (default) or json")
    Format format;

    @Option(names = "--flink", description = "run the first round as a Flink job: a scanner per source server, "
            + "[flink] parallelism comparers (default: one thread per source server in this process)")
    boolean flinkJob;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new BadInputException("--rounds must be 1 or more, got " + rounds);
        }
        if (bigKeyThreshold < 1) {
            throw new BadInputException("--big-key-threshold must be 1 or more elements, got " + bigKeyThreshold);
        }
        VerifyOptions options = new VerifyOptions(mode, extra, duration("--ttl-tolerance", ttlTolerance), rounds,
                duration("--interval", interval), bigKeyThreshold, flinkJob);
        FerryConfig cfg = config.load();
        VerifyResult result;
        try {
            result = Verify.run(cfg, options);
        } catch (VerifyException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        Path dir = cfg.advanced().dir().resolve("verify");
        VerifyReport.write(result, dir);
        PrintStream out = System.out;
        if (format == Format.json) {
            out.println(VerifyReport.json(result).toPrettyString());
        } else {
            VerifyReport.printSummary(result, dir, out);
        }
        out.flush();
        return result.equal() ? FerryMain.EXIT_OK : FerryMain.EXIT_FAILURE;
    }

    private static long duration(String option, String text) {
        if (text.strip().matches("\\d+")) {
            return Long.parseLong(text.strip());
        }
        Duration d = ConfigLoader.parseDuration(text);
        if (d == null || d.isNegative()) {
            throw new BadInputException(option + " \"" + text + "\" is not a duration: write ms or \"500ms\", \"2s\", \"1m\"");
        }
        return d.toMillis();
    }
}
