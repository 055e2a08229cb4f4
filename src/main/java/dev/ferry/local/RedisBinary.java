package dev.ferry.local;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A redis-server executable: either {@code redis-server} found on PATH or one of the binaries shipped as
 * class-path resources inside the {@code org.signal:embedded-redis} (Redis 7.0) and
 * {@code com.github.codemonstur:embedded-redis} (Redis 6.2) jars.
 *
 * <p>Embedded binaries are extracted once to {@code ${java.io.tmpdir}/ferry-redis-bin/<resource>} (written to a
 * temporary file and renamed into place, so concurrent JVMs never see half a file) and reused while the cached
 * file has the same size and SHA-256 as the resource. Only the binaries' files are used, never those
 * libraries' Java APIs.
 */
public final class RedisBinary {

    /** Where extracted binaries are cached. */
    public static final Path CACHE_DIR = Paths.get(System.getProperty("java.io.tmpdir"), "ferry-redis-bin");

    private static final String REDIS70_PREFIX = "redis-server-7.0.15-";
    private static final Map<String, String> REDIS62_RESOURCES = Map.of(
            "linux-amd64", "redis-server-6.2.6-v5-linux-amd64",
            "linux-arm64", "redis-server-6.2.7-linux-arm64",
            "linux-386", "redis-server-6.2.7-linux-386",
            "darwin-amd64", "redis-server-6.2.6-v5-darwin-amd64",
            "darwin-arm64", "redis-server-6.2.6-v5-darwin-arm64");
    private static final Pattern VERSION = Pattern.compile("v=([0-9][0-9A-Za-z.\\-]*)");
    private static final Map<String, RedisBinary> EXTRACTED = new ConcurrentHashMap<>();

    private final Path path;
    private final String source;
    private volatile String version;

    private RedisBinary(Path path, String source) {
        this.path = path;
        this.source = source;
    }

    /**
     * Exactly the Redis 7.0.15 binary from {@code org.signal:embedded-redis} (never redis-server on PATH), so
     * tests get the same server everywhere.
     */
    public static RedisBinary redis70() {
        String platform = platform();
        return embedded(REDIS70_PREFIX + platform, "org.signal:embedded-redis:0.9.1", platform);
    }

    /**
     * The Redis 6.2 binary from {@code com.github.codemonstur:embedded-redis} (a test-scoped dependency, so
     * only available to tests). Note that the resource named 6.2.6 actually reports 6.2.11 on linux-amd64.
     */
    public static RedisBinary redis62() {
        String platform = platform();
        String resource = REDIS62_RESOURCES.get(platform);
        if (resource == null) {
            throw new IllegalStateException("no embedded Redis 6.2 binary for " + platformForHumans()
                    + " (com.github.codemonstur:embedded-redis ships linux/darwin amd64 and arm64)");
        }
        return embedded(resource, "com.github.codemonstur:embedded-redis:1.4.3", platform);
    }

    /** {@code redis-server} from PATH if there is one, else the embedded Redis 7.0. */
    public static RedisBinary preferred() {
        Optional<RedisBinary> onPath = fromPath();
        if (onPath.isPresent()) {
            return onPath.get();
        }
        try {
            return redis70();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("no redis-server on PATH and no embedded binary for "
                    + platformForHumans() + ": install redis-server (apt-get install redis-server)", e);
        }
    }

    /** {@code redis-server} found on PATH, if any. */
    public static Optional<RedisBinary> fromPath() {
        Path onPath = findOnPath("redis-server");
        return onPath == null ? Optional.empty() : Optional.of(new RedisBinary(onPath, "PATH"));
    }

    /** A redis-server executable at a given path (e.g. from a user's configuration). */
    public static RedisBinary of(Path executable) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalArgumentException("not an executable file: " + executable);
        }
        return new RedisBinary(executable.toAbsolutePath(), "file");
    }

    /** The executable to run. */
    public Path path() {
        return path;
    }

    /** Where it came from: "PATH", "file" or the Maven coordinates and resource it was extracted from. */
    public String source() {
        return source;
    }

    /** The version the binary reports with {@code redis-server --version}, e.g. "7.0.15". Cached. */
    public String version() {
        String v = version;
        if (v == null) {
            v = askVersion();
            version = v;
        }
        return v;
    }

    /** Major and minor version as one comparable number, e.g. 700 for 7.0.15, 602 for 6.2.11. */
    public int versionNumber() {
        return versionNumber(version());
    }

    /** "7.0.15" to 700, "6.2.11" to 602; unparsable parts count as 0. */
    public static int versionNumber(String version) {
        String[] parts = version.split("\\.");
        return parse(parts, 0) * 100 + parse(parts, 1);
    }

    private static int parse(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        Matcher m = Pattern.compile("^\\d+").matcher(parts[i]);
        return m.find() ? Integer.parseInt(m.group()) : 0;
    }

    @Override
    public String toString() {
        return "redis-server " + (version != null ? version + " " : "") + "at " + path + " (" + source + ")";
    }

    private String askVersion() {
        try {
            Process p = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(path + " --version did not finish within 10 s");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            Matcher m = VERSION.matcher(text);
            if (p.exitValue() != 0 || !m.find()) {
                throw new IllegalStateException(path + " --version exited with " + p.exitValue()
                        + " and said: " + text);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + path + " --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + path + " --version", e);
        }
    }

    // ---- platform and PATH ----

    /** "linux-amd64", "darwin-arm64", ... as used in the embedded resource names. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o;
        if (os.contains("linux")) {
            o = "linux";
        } else if (os.contains("mac") || os.contains("darwin")) {
            o = "darwin";
        } else {
            o = os.replace(' ', '_');
        }
        String a = switch (arch) {
            case "amd64", "x86_64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            default -> arch;
        };
        return o + "-" + a;
    }

    private static String platformForHumans() {
        return System.getProperty("os.name", "?").toLowerCase(Locale.ROOT) + "/"
                + System.getProperty("os.arch", "?");
    }

    static Path findOnPath(String name) {
        String pathEnv = System.getenv("PATH");
        if (pathEnv == null) {
            return null;
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    private static ClassLoader classLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : RedisBinary.class.getClassLoader();
    }

    // ---- extraction ----

    private static RedisBinary embedded(String resource, String artifact, String platform) {
        RedisBinary cached = EXTRACTED.get(resource);
        if (cached != null && Files.isExecutable(cached.path)) {
            return cached;
        }
        synchronized (EXTRACTED) {
            cached = EXTRACTED.get(resource);
            if (cached != null && Files.isExecutable(cached.path)) {
                return cached;
            }
            byte[] bytes = readResource(resource, artifact, platform);
            Path target = extract(resource, bytes);
            RedisBinary binary = new RedisBinary(target, artifact + " " + resource);
            EXTRACTED.put(resource, binary);
            return binary;
        }
    }

    private static byte[] readResource(String resource, String artifact, String platform) {
        InputStream in = classLoader().getResourceAsStream(resource);
        if (in == null) {
            in = RedisBinary.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new IllegalStateException("no embedded redis-server for " + platformForHumans() + ": resource "
                    + resource + " from " + artifact + " is not on the class path"
                    + (knownPlatform(platform) ? "" : " (platform " + platform + " is not shipped)"));
        }
        try (InputStream s = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8 << 20);
            s.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource, e);
        }
    }

    private static boolean knownPlatform(String platform) {
        return REDIS62_RESOURCES.containsKey(platform);
    }

    private static Path extract(String resource, byte[] bytes) {
        try {
            Files.createDirectories(CACHE_DIR);
            Path target = CACHE_DIR.resolve(resource);
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length
                    && sha256(Files.readAllBytes(target)).equals(sha256(bytes))) {
                if (!Files.isExecutable(target)) {
                    target.toFile().setExecutable(true, false);
                }
                return target;
            }
            Path tmp = Files.createTempFile(CACHE_DIR, resource + ".", ".tmp");
            try {
                Files.write(tmp, bytes);
                if (!tmp.toFile().setExecutable(true, false)) {
                    throw new IOException("cannot make " + tmp + " executable");
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " to " + CACHE_DIR, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
