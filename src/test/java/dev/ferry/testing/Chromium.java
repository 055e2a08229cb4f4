package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium} package) to open a page as a user's browser does. A machine without
 * it gets it installed by the test (as root, with apt-get); one where that cannot be done fails the test with a
 * message that says how to install it.
 */
public final class Chromium {
    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    private Chromium() {}

    /** The page's DOM after its scripts ran, as Chromium serialises it. */
    public static String dumpDom(Path page, Path scratch) {
        return run(scratch, "--dump-dom", page.toUri().toString());
    }

    /** A PNG of the page at {@code width} x {@code height} pixels. */
    public static void screenshot(Path page, Path png, int width, int height, Path scratch) {
        run(scratch, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                page.toUri().toString());
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium wrote no screenshot at " + png);
        }
    }

    private static String run(Path scratch, String... action) {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--virtual-time-budget=5000",
                "--user-data-dir=" + scratch.resolve("profile-" + System.nanoTime())));
        cmd.addAll(List.of(action));
        Path out = scratch.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = scratch.resolve("chromium-" + System.nanoTime() + ".err");
        int code = exec(cmd, out, err, RUN_TIMEOUT);
        if (code != 0) {
            throw new AssertionError("chromium exited with " + code + ": " + read(err));
        }
        return read(out);
    }

    /** {@code /usr/bin/chromium}, installed first when missing. */
    static synchronized Path binary() {
        if (!Files.isExecutable(BINARY)) {
            install();
        }
        return BINARY;
    }

    private static void install() {
        String fix = "install it with 'apt-get update && apt-get install -y chromium' (Debian's package) as root";
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("the report test needs headless Chromium at " + BINARY + ", and this user ("
                    + System.getProperty("user.name") + ") cannot install it: " + fix);
        }
        try {
            Path log = Files.createTempFile("chromium-install", ".log");
            for (List<String> step : List.of(List.of("apt-get", "update"), List.of("apt-get", "install", "-y", "-q", "chromium"))) {
                int code = exec(step, log, log, INSTALL_TIMEOUT);
                if (code != 0) {
                    throw new AssertionError("'" + String.join(" ", step) + "' exited with " + code + " while installing "
                            + "Chromium for the report test; " + fix + ". Its output:\n" + read(log));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("apt-get installed chromium, but " + BINARY + " is not there; " + fix);
        }
    }

    private static int exec(List<String> cmd, Path out, Path err, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("'" + String.join(" ", cmd) + "' did not end within " + timeout);
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
