package dev.ferry.resp;

import dev.ferry.resp.tls.TlsFailures;
import dev.ferry.resp.tls.TlsFileException;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.resp.tls.TlsSockets;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RESP connection to a Redis server: connect, log in, then pipelined commands through
 * {@link #writer()} and replies through {@link #reader()}. Failures to connect or log in are
 * {@link RedisConnectException}s whose message names the server and the setting to check.
 */
public final class RedisConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    /**
     * The servers warned about: once per server and process, since a job opens many connections to each (one per
     * writer subtask and node, probes, reconnects) and the same WARN each time would bury the rest of the log.
     */
    private static final Set<String> SKIP_VERIFY_WARNED = ConcurrentHashMap.newKeySet();
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final RedisEndpoint endpoint;
    private final Socket socket;
    private final RespWriter writer;
    private final RespReader reader;

    private RedisConnection(RedisEndpoint endpoint, Socket socket) throws IOException {
        this.endpoint = endpoint;
        this.socket = socket;
        this.writer = new RespWriter(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        this.reader = new RespReader(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    }

    /**
     * Connects (over TLS when the endpoint says so), authenticates when a password is set, and over TLS makes sure the
     * server accepted the session.
     */
    public static RedisConnection open(RedisEndpoint endpoint, int readTimeoutMs) {
        Socket socket = null;
        TlsSettings tls = endpoint.tls();
        boolean connected = false;
        boolean handshakeDone = false;
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MS);
            connected = true;
            if (tls.enabled()) {
                // a plain port never answers a ClientHello (Redis waits for the rest of an inline command): give up soon
                socket.setSoTimeout(Math.min(readTimeoutMs, CONNECT_TIMEOUT_MS));
                socket = TlsSockets.handshake(socket, endpoint.host(), endpoint.port(), tls);
                handshakeDone = true;
            }
            socket.setSoTimeout(readTimeoutMs);
            RedisConnection c = new RedisConnection(endpoint, socket);
            c.authenticate();
            if (tls.enabled()) {
                c.confirmTls();
            }
            return c;
        } catch (UnknownHostException e) {
            closeQuietly(socket);
            throw new RedisConnectException("cannot resolve host '" + endpoint.host() + "' of " + endpoint.configSection()
                    + " address " + endpoint.address() + ": check the address", e);
        } catch (TlsFileException e) {
            closeQuietly(socket);
            throw new RedisConnectException("cannot connect to " + where(endpoint) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(socket);
            if (!connected) {
                throw new RedisConnectException("cannot connect to " + where(endpoint) + " (" + e.getMessage()
                        + "): check the address and that the server is running and reachable", e);
            }
            if (tls.enabled()) {
                throw new RedisConnectException(TlsFailures.describe(where(endpoint), endpoint.host(), tls, e, handshakeDone,
                        CONNECT_TIMEOUT_MS / 1000), e);
            }
            throw new RedisConnectException("connection to " + where(endpoint) + " failed: " + e.getMessage(), e);
        }
    }

    private static String where(RedisEndpoint endpoint) {
        return endpoint.configSection() + " at " + endpoint.address();
    }

    private void authenticate() throws IOException {
        if (endpoint.password() == null || endpoint.password().isEmpty()) {
            return;
        }
        if (endpoint.username() == null || endpoint.username().isEmpty()) {
            writer.command("AUTH", endpoint.password());
        } else {
            writer.command("AUTH", endpoint.username(), endpoint.password());
        }
        writer.flush();
        Object reply = reader.read();
        if (reply instanceof RespError err) {
            // The server's text never contains the password, so it is safe to show.
            throw new RedisConnectException("authentication to " + endpoint.configSection() + " at " + endpoint.address()
                    + " failed: " + err.message() + "; check " + endpoint.configSection()
                    + (endpoint.username() == null || endpoint.username().isEmpty() ? "" : " username and") + " password",
                    null);
        }
    }

    /**
     * Under TLS 1.3 a server that refuses the client's certificate says so only after the client's handshake is done,
     * so one reply is read here, where the failure can still be told apart from a failure to write: AUTH's, or PING's
     * (whose NOAUTH error on a server that wants a password is an answer all the same).
     */
    private void confirmTls() throws IOException {
        if (endpoint.password() == null || endpoint.password().isEmpty()) {
            call("PING");
        }
        if (endpoint.tls().skipVerify() && SKIP_VERIFY_WARNED.add(where(endpoint))) {
            LOG.warn("{}: tls_skip_verify = true: connected over TLS WITHOUT checking the server's certificate or host name, "
                    + "so anyone on the path can read and change the data; set {} instead", where(endpoint),
                    endpoint.tls().setting("tls_ca"));
        }
    }

    /** Sends one command and waits for its reply (for setup and probes, not the hot path). */
    public Object call(String... args) throws IOException {
        writer.command(args);
        writer.flush();
        return reader.read();
    }

    public Object call(byte[]... args) throws IOException {
        writer.command(args);
        writer.flush();
        return reader.read();
    }

    /** The local port of the connection (what a replica announces as its listening port when it has none). */
    public int localPort() {
        return socket.getLocalPort();
    }

    public RespWriter writer() {
        return writer;
    }

    public RespReader reader() {
        return reader;
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is best effort; the socket is gone either way
            }
        }
    }
}
