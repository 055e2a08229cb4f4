package dev.ferry.cli.check;

import dev.ferry.cli.BadInputException;
import dev.ferry.cli.ConfigOptions;
import dev.ferry.cli.FerryMain;
import dev.ferry.config.FerryConfig;
import dev.ferry.verify.check.Check;
import dev.ferry.verify.check.CheckReport;
import dev.ferry.verify.check.JsonReport;
import dev.ferry.verify.check.TextReport;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry check -c FILE}: whether the configured migration can run, read-only on both sides. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Read the configured source and target (nothing is written) and report versions, topology, memory, "
                + "limits, ACL permissions and the source keys that already exist on the target. Exits 0 when the "
                + "migration can run as configured, 1 with the list of blockers, 2 on bad input.")
public final class CheckCommand implements Callable<Integer> {
    public enum Format { text, json }

    @Mixin
    ConfigOptions config;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "0",
            description = "live source: look up only N scanned keys and extrapolate with DBSIZE (an estimate); 0 = every key")
    long sample;

    @Option(names = "--format", defaultValue = "text", description = "text (default) or json")
    Format format;

    @Override
    public Integer call() throws Exception {
        if (sample < 0) {
            throw new BadInputException("--sample must be 0 (every key) or a positive number of keys, got " + sample);
        }
        FerryConfig cfg = config.load();
        CheckReport report = Check.run(cfg, sample);
        PrintStream out = System.out;
        if (format == Format.json) {
            out.println(JsonReport.of(report));
        } else {
            TextReport.print(report, out);
        }
        out.flush();
        return report.canRun() ? FerryMain.EXIT_OK : FerryMain.EXIT_FAILURE;
    }
}
