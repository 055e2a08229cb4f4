package dev.ferry.cli.inspect;

import dev.ferry.rdb.RdbParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry inspect FILE}: what is in an RDB snapshot, as one screen or as JSON lines. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show what an RDB snapshot holds: a one-screen summary, or one JSON object per key.")
public final class InspectCommand implements Callable<Integer> {
    public enum Format { summary, jsonl }

    @Parameters(paramLabel = "FILE", description = "RDB file to read")
    Path file;

    @Option(names = "--format", defaultValue = "summary", description = "summary (default) or jsonl")
    Format format;

    @Option(names = "--no-checksum", description = "do not verify the file's trailing CRC-64")
    boolean noChecksum;

    @Override
    public Integer call() throws Exception {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            RdbParser parser = RdbParser.open(in, !noChecksum);
            if (format == Format.jsonl) {
                OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                new JsonLinesWriter(out).write(parser);
                out.flush();
            } else {
                SummaryReport report = SummaryReport.read(parser, file, Files.size(file));
                PrintStream out = System.out;
                report.print(out);
                out.flush();
            }
        }
        return 0;
    }
}
