package dev.ferry.cli;

import dev.ferry.rdb.RdbFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns a failure into the one line a user needs on stderr and an exit code: 2 for bad input (a
 * damaged file, a bad config), 1 for anything else. Stack traces only with FERRY_DEBUG=1.
 */
public final class FailureReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable cause = unwrap(e);
        cl.getErr().println("ferry " + cl.getCommandName() + ": " + message(cause));
        if ("1".equals(System.getenv("FERRY_DEBUG"))) {
            e.printStackTrace(cl.getErr());
        }
        return isBadInput(cause) ? FerryMain.EXIT_BAD_INPUT : FerryMain.EXIT_FAILURE;
    }

    static boolean isBadInput(Throwable t) {
        return t instanceof RdbFormatException || t instanceof BadInputException || t instanceof dev.ferry.config.ConfigException
                || t instanceof dev.ferry.resp.RedisConnectException || t instanceof dev.ferry.sink.TargetTopologyException
                || t instanceof IOException
                || t instanceof UncheckedIOException;
    }

    private static Throwable unwrap(Throwable t) {
        while (t.getCause() != null && (t instanceof UncheckedIOException || t.getClass() == RuntimeException.class)) {
            t = t.getCause();
        }
        return t;
    }

    private static String message(Throwable t) {
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "file not found: " + t.getMessage();
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + t.getMessage();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
