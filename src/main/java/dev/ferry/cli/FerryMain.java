package dev.ferry.cli;

import dev.ferry.cli.check.CheckCommand;
import dev.ferry.cli.demo.DemoCommand;
import dev.ferry.cli.inspect.InspectCommand;
import dev.ferry.cli.run.RunCommand;
import dev.ferry.cli.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ferry}: the command line. Every subcommand exits 0 on success and non-zero with one clear line on failure. */
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = FerryVersion.class,
        description = "Redis data migration as an Apache Flink job.",
        subcommands = {RunCommand.class, CheckCommand.class, VerifyCommand.class, InspectCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class FerryMain implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new FerryMain());
        cl.setExecutionExceptionHandler(new FailureReporter());
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
