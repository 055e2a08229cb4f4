package dev.ferry.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code [advanced] status_port}: the run's status over HTTP on every interface, as RedisShake serves it. {@code /}
 * is the JSON document ({@link StatusDocument}), {@code /metrics} the same figures in Prometheus's text format. Both
 * show the newest sample (taken every second).
 */
public final class StatusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final RunMonitor monitor;

    private StatusServer(HttpServer server, RunMonitor monitor) {
        this.server = server;
        this.monitor = monitor;
    }

    /** Listens on {@code port}; fails with one message naming the setting when the port cannot be had. */
    public static StatusServer start(int port, RunMonitor monitor) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new StatusPortException("[advanced] status_port = " + port + ": cannot listen on it (" + e.getMessage()
                    + "); choose a free port, or 0 for no status endpoint", e);
        }
        StatusServer s = new StatusServer(http, monitor);
        http.createContext("/", s::status);
        http.createContext("/metrics", s::metrics);
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-status-server");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return s;
    }

    /** The port it listens on (the one configured). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void status(HttpExchange x) throws IOException {
        if (!x.getRequestURI().getPath().equals("/")) {
            respond(x, 404, "text/plain; charset=utf-8", "not found: try / or /metrics\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(StatusDocument.of(monitor.started(), monitor.latest()));
        respond(x, 200, "application/json", body);
    }

    private void metrics(HttpExchange x) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        PrometheusText.write(monitor.latest().now(), body);
        respond(x, 200, PrometheusText.contentType(), body.toByteArray());
    }

    private static void respond(HttpExchange x, int code, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(code, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** The status port cannot be listened on: a configuration problem. */
    public static final class StatusPortException extends RuntimeException {
        StatusPortException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
