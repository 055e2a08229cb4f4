package dev.ferry.metrics;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the job's progress goes as it runs: a log line every {@code [advanced] log_interval} seconds, or, when the
 * output is an interactive terminal, one line redrawn in place every second.
 */
public interface ProgressOutput {
    /** Called about once a second, from one thread. */
    void show(JobProgress progress, long nowNanos);

    /** The run is over: its last figures, and the terminal left on a fresh line. */
    void end(JobProgress last);

    /**
     * Where messages for {@code stream} (the runner's own on stdout, log lines on stderr) go while the progress shows:
     * {@code stream} itself, unless a bar is drawn, which such a line must not be written into.
     */
    default PrintStream messages(PrintStream stream) {
        return stream;
    }

    /** Log lines, a terminal bar, or nothing when {@code logIntervalSeconds} is 0. */
    static ProgressOutput of(int logIntervalSeconds, PrintStream out) {
        if (logIntervalSeconds == 0) {
            return new ProgressOutput() {
                @Override
                public void show(JobProgress progress, long nowNanos) {
                    // [advanced] log_interval = 0: no progress output
                }

                @Override
                public void end(JobProgress last) {
                    // nothing was drawn
                }
            };
        }
        return interactive() ? new TerminalBar(out, terminalWidth()) : new LogLines(logIntervalSeconds);
    }

    /**
     * Whether stdin and stdout are a terminal. From Java 22 on, {@code System.console()} also answers when they are
     * not, and {@code isTerminal()} tells; before, it answers only for a terminal.
     */
    private static boolean interactive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException beforeJava22) {
            return true;
        }
    }

    /** {@code COLUMNS} when the shell exports it, else 120. */
    private static int terminalWidth() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120")));
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    /** One INFO line per {@code log_interval}. */
    final class LogLines implements ProgressOutput {
        private static final Logger LOG = LoggerFactory.getLogger(ProgressOutput.class);
        private final long intervalNanos;
        private long last;

        LogLines(int intervalSeconds) {
            this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
            this.last = System.nanoTime();
        }

        @Override
        public void show(JobProgress progress, long nowNanos) {
            if (nowNanos - last >= intervalNanos) {
                last = nowNanos;
                LOG.info(progress.line());
            }
        }

        /** The last line, when the job ran to its end (not when the run stopped before it started). */
        @Override
        public void end(JobProgress last) {
            if (last.phase().equals("done")) {
                LOG.info(last.line());
            }
        }
    }

    /**
     * One line on the terminal, redrawn in place ({@code \r}, the bar, erase to the end of the line). The runner's
     * messages are printed above it: the bar's line is cleared, the message written, and the bar drawn again below.
     */
    final class TerminalBar implements ProgressOutput {
        private static final String CLEAR_LINE = "\r\u001b[K";
        private final PrintStream out;
        private final int width;
        private final PrintStream messages;
        /** The bar on screen, null once the run is over. */
        private String bar;

        TerminalBar(PrintStream out, int width) {
            this.out = out;
            this.width = width;
            this.messages = new PrintStream(new AboveTheBar(out), true, StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void show(JobProgress progress, long nowNanos) {
            bar = progress.bar(width - 1);
            out.print(CLEAR_LINE + bar);
            out.flush();
        }

        @Override
        public synchronized void end(JobProgress last) {
            show(last, System.nanoTime());
            out.println();
            bar = null;
        }

        @Override
        public PrintStream messages(PrintStream stream) {
            return stream == out ? messages : new PrintStream(new AboveTheBar(stream), true, StandardCharsets.UTF_8);
        }

        /**
         * Writes whole lines to {@code target} over the bar's line (cleared on the bar's stream first), then draws the
         * bar again. For stderr too: on a terminal both streams write to the same screen line. A line is gathered
         * first and written whole, so that a line from another thread (a log line) never lands in the middle of it.
         */
        private final class AboveTheBar extends OutputStream {
            private final PrintStream target;
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            AboveTheBar(PrintStream target) {
                this.target = target;
            }

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        line.write(b, start, i + 1 - start);
                        start = i + 1;
                        writeLine();
                    }
                }
                line.write(b, start, off + len - start);
            }

            /** A partial line (no newline yet) waits for its end. */
            @Override
            public void flush() {
            }

            private void writeLine() {
                synchronized (TerminalBar.this) {
                    if (bar != null) {
                        out.print(CLEAR_LINE);
                        out.flush();
                    }
                    target.write(line.toByteArray(), 0, line.size());
                    target.flush();
                    line.reset();
                    if (bar != null) {
                        out.print(bar);
                        out.flush();
                    }
                }
            }
        }
    }
}
