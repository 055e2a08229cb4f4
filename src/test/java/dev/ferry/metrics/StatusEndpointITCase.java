package dev.ferry.metrics;

import static dev.ferry.testing.Summary.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.Chromium;
import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.SourceWriter;
import dev.ferry.testing.TestData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A live migration through {@code ferry run} in a JVM of its own, as a user runs it, with {@code [advanced]
 * status_port} and {@code --report}: the status document and {@code /metrics} are read while it runs and their
 * figures move, {@code consistent} turns true before {@code --stop-when-consistent} ends the run, the log shows the
 * job's progress line, and the HTML report, opened in headless Chromium, draws its charts with data (a screenshot is
 * left in {@code target/}).
 */
class StatusEndpointITCase {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final int CONFLICTING = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> {
        TestData.fillStrings(j, 20_000, 64);
        TestData.fillMixed(j, 1);
    });

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void statusAndMetricsMoveDuringALiveMigrationAndTheReportRenders() throws Exception {
        try (Jedis t = servers.target().jedis()) {
            for (int i = 0; i < CONFLICTING; i++) {
                t.set("bench:" + i, "the target's own value");
            }
        }
        int port = freePort();
        Path report = Path.of("target", "status-endpoint-report.html").toAbsolutePath();
        Files.deleteIfExists(report);
        Path cfg = LiveConfig.write("[sync_reader]\naddress = \"" + servers.source().address() + "\"\n",
                servers.target().address(), dir, 1);
        List<JsonNode> documents = new CopyOnWriteArrayList<>();
        List<String> scrapes = new CopyOnWriteArrayList<>();
        try (SourceWriter writer = SourceWriter.start(servers::source, 17);
             FerryProcess run = FerryProcess.start(dir.resolve("run.log"), "run", "-c", cfg.toString(),
                     "--set", "advanced.status_port=" + port, "--set", "advanced.rdb_restore_command_behavior=rewrite",
                     "--stop-when-consistent", "--consistent-for", "2s", "--report", report.toString())) {
            Thread poller = new Thread(() -> poll(port, run, documents, scrapes), "status-poller");
            poller.start();
            ReplicaProgress.awaitAcked(servers.source(), false);
            Thread.sleep(1_500);
            writer.stopAndJoin();
            assertThat(run.waitFor(RUN_TIMEOUT)).as(run.output()).isZero();
            poller.join(10_000);

            String out = run.output();
            assertThat(out).contains("Status: http://localhost:" + port + "/");
            assertThat(out).as("the job's progress line (not a terminal: log lines)")
                    .containsPattern("progress: (snapshot|streaming|finishing)[^\\n]*, written [0-9,]+ keys \\+ [0-9,]+ commands, conflicts [0-9,]+");
            assertThat(count(out, "conflicts rewritten")).isEqualTo(CONFLICTING);
            assertThat(out).contains("Report: " + report);
        }
        servers.assertTargetEqualsSource();

        assertStatusMoved(documents);
        assertMetricsMoved(scrapes);
        assertReportRenders(report);
    }

    @Test
    void aStatusPortInUseStopsTheRunNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            Path cfg = MigrationConfig.rdbToRedis(servers.source().rdbFile(), servers.target().address(), dir)
                    .advanced("status_port", Integer.toString(port)).write();
            InProcessRun run = InProcessRun.of(cfg);
            assertThat(run.code()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).contains("[advanced] status_port = " + port + ": cannot listen on it",
                    "choose a free port, or 0 for no status endpoint");
        }
        assertThat(servers.targetKeys()).as("nothing written").isZero();
    }

    private void assertStatusMoved(List<JsonNode> docs) {
        assertThat(docs).as("status documents read while the run ran").hasSizeGreaterThan(3);
        JsonNode first = docs.get(0);
        JsonNode last = docs.get(docs.size() - 1);
        assertThat(first.path("start_time").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(first.path("consistent").asBoolean()).as("not consistent before the snapshot is written").isFalse();
        assertThat(last.path("consistent").asBoolean()).as("consistent flips to true at the end: %s", last).isTrue();
        assertThat(last.path("total_entries_count").path("read_count").asLong())
                .isGreaterThan(first.path("total_entries_count").path("read_count").asLong())
                .isGreaterThanOrEqualTo(20_000);
        assertThat(last.path("total_entries_count").path("write_count").asLong()).isGreaterThanOrEqualTo(20_000);
        assertThat(docs).as("ops measured while it wrote")
                .anySatisfy(d -> assertThat(d.path("total_entries_count").path("write_ops").asDouble()).isPositive());
        assertThat(last.path("per_cmd_entries_count").path("SET").path("read_count").asLong())
                .as("the application's SETs, counted per command").isPositive();
        assertThat(last.path("per_type_keys_count").path("string").path("read_count").asLong()).isGreaterThanOrEqualTo(20_000);
        assertThat(last.path("conflicts").path("rewritten").asLong()).isEqualTo(CONFLICTING);
        JsonNode reader = docs.stream().filter(d -> d.path("reader").size() > 0).reduce((a, b) -> b).orElseThrow().path("reader");
        assertThat(reader).as("the last state of the split, before the stop removed it").hasSize(1);
        assertThat(reader.get(0).path("phase").asText()).isEqualTo("streaming");
        assertThat(reader.get(0).path("caught_up").asBoolean()).isTrue();
        assertThat(reader.get(0).path("snapshot_bytes_total").asLong()).isPositive();
        assertThat(docs).as("the snapshot's progress seen on the way")
                .anySatisfy(d -> assertThat(d.path("reader").path(0).path("phase").asText()).isIn("snapshot", "streaming"));
        assertThat(last.path("writer")).hasSize(1);
        assertThat(last.path("writer").get(0).path("keys_written").asLong()).isGreaterThanOrEqualTo(20_000);
        assertThat(last.path("writer").get(0).path("commands_written").asLong()).isPositive();
    }

    private static void assertMetricsMoved(List<String> scrapes) {
        List<String> written = scrapes.stream().filter(s -> s.contains("ferry_writer_keys_written_total")).toList();
        assertThat(written).as("scrapes once the writer reported").hasSizeGreaterThan(3);
        String first = written.get(0);
        String last = written.get(written.size() - 1);
        assertThat(value(last, "ferry_writer_keys_written_total")).isGreaterThan(value(first, "ferry_writer_keys_written_total"));
        assertThat(value(last, "ferry_source_keys_read_by_type_total{type=\"string\"}")).isGreaterThanOrEqualTo(20_000);
        assertThat(value(last, "ferry_writer_conflicts_total{action=\"rewritten\"}")).isEqualTo(CONFLICTING);
        assertThat(value(last, "ferry_source_commands_read_total{command=\"SET\"}")).isPositive();
        String withSplit = scrapes.stream().filter(s -> s.contains("ferry_split_phase")).reduce((a, b) -> b).orElseThrow();
        assertThat(last).contains("# TYPE ferry_writer_keys_written_total counter");
        assertThat(withSplit).containsPattern("ferry_split_phase\\{phase=\"streaming\",split=\"[^\"]+\"} 1")
                .containsPattern("ferry_split_lag_ms\\{split=\"[^\"]+\"} \\d");
    }

    private static void assertReportRenders(Path report) throws IOException {
        Path scratch = Files.createDirectories(Path.of("target", "chromium"));
        String dom = Chromium.dumpDom(report, scratch);
        for (String chart : List.of("throughput", "lag", "conflicts", "progress")) {
            Matcher m = Pattern.compile("id=\"" + chart + "\"[^>]*").matcher(dom);
            assertThat(m.find()).as("chart %s in the rendered page", chart).isTrue();
            String tag = m.group();
            assertThat(attribute(tag, "data-points")).as("%s: points drawn (%s)", chart, tag).isGreaterThan(1);
            assertThat(attribute(tag, "data-painted")).as("%s: canvas pixels painted", chart).isPositive();
        }
        assertThat(attributeOf(dom, "throughput", "data-max")).as("throughput has data").isPositive();
        assertThat(attributeOf(dom, "conflicts", "data-max")).as("the conflicts over time").isEqualTo(CONFLICTING);
        assertThat(dom).contains("conflicts rewritten");
        Path png = Path.of("target", "status-endpoint-report.png");
        Chromium.screenshot(report, png, 1200, 1800, scratch);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    private static long attributeOf(String dom, String id, String name) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*").matcher(dom);
        assertThat(m.find()).isTrue();
        return attribute(m.group(), name);
    }

    private static long attribute(String tag, String name) {
        Matcher m = Pattern.compile(name + "=\"([0-9.]+)\"").matcher(tag);
        return m.find() ? Math.round(Double.parseDouble(m.group(1))) : -1;
    }

    /** The value of the sample {@code series} (name and labels as written) in a Prometheus text page. */
    private static double value(String page, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(page);
        assertThat(m.find()).as("%s in:\n%s", series, page).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Reads / and /metrics every 300 ms while the run is alive. */
    private void poll(int port, FerryProcess run, List<JsonNode> documents, List<String> scrapes) {
        while (run.isAlive()) {
            try {
                documents.add(JSON.readTree(get(port, "/")));
                scrapes.add(get(port, "/metrics"));
            } catch (IOException notYetOrGone) {
                // not listening yet, or the run just ended
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IOException(path + " answered " + res.statusCode());
        }
        return res.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
