package dev.ferry.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;

/**
 * What this test JVM logged (the file appender of {@code log4j2-test.properties}) since a mark: for a test that checks
 * a log line of code run in-process.
 */
public final class TestLog {
    private final Path file;
    private final long start;

    private TestLog(Path file, long start) {
        this.file = file;
        this.start = start;
    }

    /** Marks the end of the log as it is now. */
    public static TestLog mark() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        FileAppender appender = context.getConfiguration().getAppender("file");
        if (appender == null) {
            throw new IllegalStateException("no appender 'file' in the test logging configuration");
        }
        Path file = Path.of(appender.getFileName());
        try {
            return new TestLog(file, Files.exists(file) ? Files.size(file) : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything logged after the mark. */
    public String since() {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
