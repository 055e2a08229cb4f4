package dev.ferry.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A redis-server process on a free loopback port, for {@code ferry demo} and for tests.
 *
 * <p>The server runs in the foreground ({@code --daemonize no}) with persistence off ({@code --save ""},
 * {@code --appendonly no}), writes its log (stdout and stderr) to {@code dir/redis.log} and its RDB to
 * {@code dir/dump.rdb} on SAVE/BGSAVE. Note that redis-server loads {@code dir/dump.rdb} when it starts, so
 * SAVE followed by {@link #restart()} brings the data back, and {@code stopProcess()}/{@code restart()} without
 * SAVE starts empty (or from the last SAVE).
 *
 * <p>Servers still running when the JVM exits (a test forgot {@link #close()}, or a run was interrupted) are
 * killed by a shutdown hook. A JVM killed with SIGKILL cannot run hooks; then the servers stay (they are
 * harmless on loopback, but have to be killed by hand).
 *
 * <p>On Redis 7+ the server gets {@code --enable-debug-command local} so tests can use DEBUG (SLEEP, RELOAD,
 * QUICKLIST-PACKED-THRESHOLD...).
 *
 * <p>Given {@code --tls-cert-file} (with {@code --tls-key-file} and {@code --tls-ca-cert-file}), the server also listens
 * for TLS on a free port of its own, {@link #tlsPort()}; {@link #port()} stays plain, for readiness probes and
 * {@link #jedis()}.
 */
public final class LocalRedisServer implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    /** How long {@link #start} waits for PING to answer. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #restart()} waits (it may load a big dump.rdb first). */
    public static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int PORT_ATTEMPTS = 8;
    private static final int CLUSTER_BUS_OFFSET = 10_000;
    private static final int CLUSTER_PORT_MIN = 15_000;
    private static final int CLUSTER_PORT_SPAN = 7_500;

    private static final Set<LocalRedisServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LocalRedisServer::killAllOnExit, "ferry-redis-reaper"));
    }

    private final RedisBinary binary;
    private final Path dir;
    private final boolean ownsDir;
    private final List<String> extraArgs;
    private final String password;
    private final boolean clusterEnabled;
    private final boolean tls;
    private volatile Process process;
    private volatile int port;
    private volatile int tlsPort;
    private volatile String version;
    private volatile boolean paused;
    private volatile boolean closed;

    private LocalRedisServer(RedisBinary binary, Path dir, boolean ownsDir, List<String> extraArgs) {
        this.binary = binary;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.extraArgs = List.copyOf(extraArgs);
        this.password = argValue(this.extraArgs, "--requirepass");
        this.clusterEnabled = "yes".equalsIgnoreCase(argValue(this.extraArgs, "--cluster-enabled"));
        this.tls = argValue(this.extraArgs, "--tls-cert-file") != null;
    }

    /** The value after the last {@code name} in {@code args}, or null. */
    static String argValue(List<String> args, String name) {
        String value = null;
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(name)) {
                value = args.get(i + 1);
            }
        }
        return value;
    }

    /**
     * A client that logs in with {@code --requirepass} when the server was started with one, so readiness
     * probes, SHUTDOWN and {@link #jedis()} work on a password-protected server.
     */
    private Jedis connect(int p, int timeoutMillis) {
        return new Jedis(new HostAndPort(HOST, p), DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis).password(password).build());
    }

    /** {@link RedisBinary#preferred()} in a fresh temporary directory. */
    public static LocalRedisServer start() {
        return start(RedisBinary.preferred());
    }

    /** The given binary in a fresh temporary directory (deleted by {@link #close()}). */
    public static LocalRedisServer start(RedisBinary binary) {
        return start(binary, null, List.of());
    }

    /**
     * Starts {@code binary} on a free loopback port and waits until it answers PING.
     *
     * @param dir       working directory for dump.rdb and redis.log; created if missing and kept on close. With
     *                  {@code null} a temporary directory is created and deleted on close.
     * @param extraArgs more redis-server arguments, appended after Ferry's (so they win), e.g.
     *                  {@code List.of("--maxmemory", "100mb")}. A first element that does not start with
     *                  {@code --} is a config file and goes first, where redis-server expects it (Sentinel
     *                  needs one: it rewrites it). With {@code --cluster-enabled yes} the port is chosen so
     *                  that the cluster bus port, port + 10000, is free too.
     */
    public static LocalRedisServer start(RedisBinary binary, Path dir, List<String> extraArgs) {
        boolean owns = dir == null;
        Path d;
        try {
            d = owns ? Files.createTempDirectory("ferry-redis-") : Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory for redis-server", e);
        }
        LocalRedisServer server = new LocalRedisServer(binary, d.toAbsolutePath(), owns, extraArgs);
        try {
            server.launch(0, STARTUP_TIMEOUT);
        } catch (RuntimeException e) {
            server.closed = true;
            if (owns) {
                deleteRecursively(d);
            }
            throw e;
        }
        return server;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** "127.0.0.1:port". */
    public String address() {
        return HOST + ":" + port;
    }

    /** The TLS port of a server started with {@code --tls-cert-file}. */
    public int tlsPort() {
        if (!tls) {
            throw new IllegalStateException(this + " has no TLS port: start it with --tls-cert-file, --tls-key-file and "
                    + "--tls-ca-cert-file");
        }
        return tlsPort;
    }

    /** "127.0.0.1:tlsPort". */
    public String tlsAddress() {
        return HOST + ":" + tlsPort();
    }

    public Path dir() {
        return dir;
    }

    /** {@code dir/dump.rdb}, written by SAVE or BGSAVE. */
    public Path rdbFile() {
        return dir.resolve("dump.rdb");
    }

    /** {@code dir/redis.log}: the server's stdout and stderr, appended across restarts. */
    public Path logFile() {
        return dir.resolve("redis.log");
    }

    /** The running server's version (INFO server redis_version), e.g. "7.0.15". */
    public String version() {
        return version;
    }

    /** {@link RedisBinary#versionNumber(String)} of {@link #version()}, e.g. 700. */
    public int versionNumber() {
        return RedisBinary.versionNumber(version);
    }

    public RedisBinary binary() {
        return binary;
    }

    /** The process id, or -1 when no process is running. */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * A new client connected to this server (default 2 s timeout); the caller closes it. Jedis 7 connects in the
     * constructor, so this fails at once when the server is down or paused.
     */
    public Jedis jedis() {
        return connect(port, Protocol.DEFAULT_TIMEOUT);
    }

    /** A new client with the given connect and socket timeout. */
    public Jedis jedis(int timeoutMillis) {
        return connect(port, timeoutMillis);
    }

    /** The last {@code lines} lines of redis.log. */
    public String logTail(int lines) {
        return tail(logFile(), 0, lines);
    }

    /**
     * Stops the server: SHUTDOWN NOSAVE, then SIGKILL if it is still running after 5 s. The directory and port
     * are kept, so {@link #restart()} can start it again. No-op when not running.
     */
    public synchronized void stopProcess() {
        Process p = process;
        if (p == null) {
            return;
        }
        if (p.isAlive()) {
            if (paused) {
                resume();
            }
            try (Jedis j = jedis(2000)) {
                j.sendCommand(Protocol.Command.SHUTDOWN, "NOSAVE");
            } catch (JedisException expected) {
                // SHUTDOWN closes the connection instead of replying
            }
            waitOrKill(p, STOP_TIMEOUT);
        }
        paused = false;
        process = null;
    }

    /** Kills the server with SIGKILL, as a crash would (no SHUTDOWN, no save). {@link #restart()} works after. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        waitQuietly(p, STOP_TIMEOUT);
        paused = false;
        process = null;
    }

    /**
     * Stops the server if running, then starts it again on the same port with the same directory and arguments
     * (it loads dump.rdb if there is one). Fails if another process took the port meanwhile.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("server " + address() + " is closed");
        }
        stopProcess();
        launch(port, RESTART_TIMEOUT);
    }

    /** Freezes the server with SIGSTOP: connections stay open but nothing is answered. */
    public synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** Undoes {@link #pause()} with SIGCONT. */
    public synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /** Stops the server (see {@link #stopProcess()}) and deletes the directory if {@link #start} created it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopProcess();
        } finally {
            LIVE.remove(this);
            if (ownsDir) {
                deleteRecursively(dir);
            }
        }
    }

    @Override
    public String toString() {
        return "redis-server " + version + " at " + address() + " (pid " + pid() + ", dir " + dir + ")";
    }

    // ---- launching ----

    private void launch(int fixedPort, Duration timeout) {
        int attempts = fixedPort == 0 ? PORT_ATTEMPTS : 1;
        String lastFailure = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            int p = fixedPort != 0 ? fixedPort : clusterEnabled ? freeClusterPort() : freePort();
            // with --tls-cluster yes the bus runs beside the TLS port, so that one needs a free +10000 too
            int tp = !tls ? 0 : fixedPort != 0 ? tlsPort : clusterEnabled ? freeClusterPort() : freePort();
            long logStart = sizeOf(logFile());
            Process proc = spawn(command(p, tp));
            process = proc;
            LIVE.add(this);
            Readiness r = awaitReady(proc, p, timeout);
            if (r == Readiness.READY) {
                port = p;
                tlsPort = tp;
                return;
            }
            process = null;
            String log = tail(logFile(), logStart, 30);
            if (r == Readiness.TIMEOUT) {
                killQuietly(proc);
                throw new IllegalStateException("redis-server (" + binary + ") did not answer PING on " + HOST + ":"
                        + p + " within " + timeout.toSeconds() + " s; " + logFile() + " ends with:\n" + log);
            }
            killQuietly(proc);
            boolean portTaken = r == Readiness.OTHER_SERVER || log.contains("Address already in use")
                    || log.contains("Could not create server TCP listening socket");
            if (!portTaken) {
                throw new IllegalStateException("redis-server (" + binary + ") exited with "
                        + exitCode(proc) + " on start; " + logFile() + " ends with:\n" + log);
            }
            lastFailure = "port " + p + " is taken:\n" + log;
        }
        throw new IllegalStateException("redis-server could not bind a port after " + attempts + " attempts; "
                + lastFailure);
    }

    /** @param tp the TLS port, 0 for none */
    private List<String> command(int p, int tp) {
        List<String> cmd = new ArrayList<>(List.of(binary.path().toString()));
        List<String> args = extraArgs;
        if (!args.isEmpty() && !args.get(0).startsWith("--")) {
            cmd.add(args.get(0));
            args = args.subList(1, args.size());
        }
        cmd.addAll(List.of(
                "--port", Integer.toString(p),
                "--bind", HOST,
                "--dir", dir.toString(),
                "--dbfilename", "dump.rdb",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--protected-mode", "no"));
        if (binary.versionNumber() >= 700) {
            cmd.add("--enable-debug-command");
            cmd.add("local");
        }
        if (tp != 0) {
            cmd.add("--tls-port");
            cmd.add(Integer.toString(tp));
        }
        cmd.addAll(args);
        return cmd;
    }

    private Process spawn(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        IOException last = null;
        for (int i = 0; i < 20; i++) {
            try {
                Process p = pb.start();
                p.getOutputStream().close();
                return p;
            } catch (IOException e) {
                // ETXTBSY: another thread forked while the binary was being extracted; it goes away quickly
                if (e.getMessage() == null || !e.getMessage().contains("Text file busy")) {
                    throw new UncheckedIOException("cannot start " + cmd.get(0), e);
                }
                last = e;
                sleep(50);
            }
        }
        throw new UncheckedIOException("cannot start " + cmd.get(0), last);
    }

    private enum Readiness { READY, EXITED, OTHER_SERVER, TIMEOUT }

    private Readiness awaitReady(Process proc, int p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!proc.isAlive()) {
                return Readiness.EXITED;
            }
            try (Jedis j = connect(p, 1000)) {
                j.ping();
                String info = j.info("server");
                long pid = Long.parseLong(field(info, "process_id"));
                if (pid != proc.pid()) {
                    // someone else's server answered on the port we picked; ours will fail to bind
                    waitQuietly(proc, Duration.ofSeconds(2));
                    return Readiness.OTHER_SERVER;
                }
                version = field(info, "redis_version");
                return Readiness.READY;
            } catch (JedisException | NumberFormatException notYet) {
                // not listening yet, or LOADING the RDB
                sleep(20);
            }
        }
        return proc.isAlive() ? Readiness.TIMEOUT : Readiness.EXITED;
    }

    static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new NumberFormatException("no " + name + " in INFO");
    }

    /**
     * A port whose cluster bus port (+10000, fixed on 6.2) is free as well. Both are taken below the kernel's
     * ephemeral range (32768 and up on Linux), which freePort() draws from and where port + 10000 could exceed
     * 65535: Redis refuses cluster ports above 55535.
     */
    private static int freeClusterPort() {
        for (int i = 0; i < 200; i++) {
            int p = ThreadLocalRandom.current().nextInt(CLUSTER_PORT_MIN, CLUSTER_PORT_MIN + CLUSTER_PORT_SPAN);
            if (isFree(p) && isFree(p + CLUSTER_BUS_OFFSET)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port pair p, p + " + CLUSTER_BUS_OFFSET + " between "
                + CLUSTER_PORT_MIN + " and " + (CLUSTER_PORT_MIN + CLUSTER_PORT_SPAN) + " on " + HOST);
    }

    private static boolean isFree(int p) {
        try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getByName(HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    // ---- signals and process handling ----

    private void signal(String sig) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("redis-server " + address() + " is not running");
        }
        try {
            Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid()))
                    .redirectErrorStream(true).start();
            String out = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new IllegalStateException("kill -" + sig + " " + p.pid() + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + sig, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void waitOrKill(Process p, Duration timeout) {
        if (!waitQuietly(p, timeout)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            waitQuietly(p, timeout);
        }
    }

    private static void killQuietly(Process p) {
        if (p.isAlive()) {
            p.destroyForcibly();
            waitQuietly(p, STOP_TIMEOUT);
        }
    }

    private static boolean waitQuietly(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static String exitCode(Process p) {
        try {
            return Integer.toString(p.exitValue());
        } catch (IllegalThreadStateException e) {
            return "?";
        }
    }

    private static void killAllOnExit() {
        for (LocalRedisServer s : LIVE) {
            Process p = s.process;
            if (p != null && p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        for (LocalRedisServer s : LIVE) {
            Process p = s.process;
            if (p != null) {
                waitQuietly(p, Duration.ofSeconds(2));
            }
            if (s.ownsDir) {
                deleteRecursively(s.dir);
            }
        }
    }

    // ---- files ----

    private static long sizeOf(Path f) {
        try {
            return Files.exists(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last {@code lines} lines of the file from byte {@code from} on (at most the last 64 KB). */
    static String tail(Path file, long from, int lines) {
        if (!Files.exists(file)) {
            return "(no " + file.getFileName() + ")";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(from, f.length() - 65536);
            byte[] buf = new byte[(int) Math.max(0, f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            String[] all = new String(buf, StandardCharsets.UTF_8).split("\n");
            int first = Math.max(0, all.length - lines);
            return String.join("\n", List.of(all).subList(first, all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
