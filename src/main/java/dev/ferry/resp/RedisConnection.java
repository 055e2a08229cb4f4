package dev.ferry.resp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLSocketFactory;

/**
 * One RESP connection to a Redis server: connect, log in, then pipelined commands through
 * {@link #writer()} and replies through {@link #reader()}. Failures to connect or log in are
 * {@link RedisConnectException}s whose message names the server and the setting to check.
 */
public final class RedisConnection implements AutoCloseable {
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

    /** Connects and authenticates (when a password is set). */
    public static RedisConnection open(RedisEndpoint endpoint, int readTimeoutMs) {
        Socket socket = null;
        try {
            socket = endpoint.tls() ? SSLSocketFactory.getDefault().createSocket() : new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(readTimeoutMs);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MS);
            RedisConnection c = new RedisConnection(endpoint, socket);
            c.authenticate();
            return c;
        } catch (UnknownHostException e) {
            closeQuietly(socket);
            throw new RedisConnectException("cannot resolve host '" + endpoint.host() + "' of " + endpoint.configSection()
                    + " address " + endpoint.address() + ": check the address", e);
        } catch (ConnectException | SocketTimeoutException e) {
            closeQuietly(socket);
            throw new RedisConnectException("cannot connect to " + endpoint.configSection() + " at " + endpoint.address() + " ("
                    + e.getMessage() + "): check the address and that the server is running and reachable", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new RedisConnectException("connection to " + endpoint.configSection() + " at " + endpoint.address()
                    + " failed: " + e.getMessage(), e);
        }
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
