package dev.ferry.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ferry run --report FILE.html}: one self-contained page (no network needed to open it) with the run's
 * summary, charts of throughput, lag and conflicts over time, drawn by uPlot (MIT licence, inlined from its WebJar),
 * and the conflicts per action. Once a chart is drawn the page marks its container with the points it holds
 * ({@code data-points}) and the canvas pixels painted ({@code data-painted}), so a browser test can tell it rendered.
 */
public final class RunReport {
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReport() {}

    /**
     * @param title   what was migrated (the config file's name)
     * @param summary the end-of-run summary: label, value and a note per row
     */
    public static void write(Path file, String title, List<List<String>> summary, TimeSeries series,
                             MetricsSnapshot last) throws IOException {
        String page = resource("/dev/ferry/metrics/report.html")
                .replace("/*UPLOT_CSS*/", resource("/" + UPLOT + "uPlot.min.css"))
                .replace("/*UPLOT_JS*/", resource("/" + UPLOT + "uPlot.iife.min.js"))
                .replace("/*DATA*/", script(data(title, summary, series, last)));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, page, StandardCharsets.UTF_8);
    }

    /** The figures the page draws: per point the time, rates between it and the one before, and the gauges. */
    static ObjectNode data(String title, List<List<String>> summary, TimeSeries series, MetricsSnapshot last) {
        ObjectNode d = JSON.createObjectNode();
        d.put("title", title);
        ArrayNode rows = d.putArray("summary");
        for (List<String> row : summary) {
            ArrayNode cells = rows.addArray();
            row.forEach(cells::add);
        }
        List<TimeSeries.Point> points = series.points();
        ArrayNode t = d.putArray("t");
        ArrayNode keys = d.putArray("keysPerSecond");
        ArrayNode commands = d.putArray("commandsPerSecond");
        ArrayNode read = d.putArray("readPerSecond");
        ArrayNode lagMs = d.putArray("lagMs");
        ArrayNode lagBytes = d.putArray("lagBytes");
        ArrayNode conflicts = d.putArray("conflicts");
        ArrayNode percent = d.putArray("percent");
        for (int i = 0; i < points.size(); i++) {
            TimeSeries.Point p = points.get(i);
            TimeSeries.Point before = i == 0 ? p : points.get(i - 1);
            double seconds = JobProgress.elapsedSeconds(before.atMillis(), p.atMillis());
            t.add(p.atMillis() / 1000.0);
            keys.add(rate(p.keysWritten(), before.keysWritten(), seconds));
            commands.add(rate(p.commandsWritten(), before.commandsWritten(), seconds));
            read.add(rate(p.keysRead() + p.commandsRead(), before.keysRead() + before.commandsRead(), seconds));
            lagMs.add(p.lagMs());
            lagBytes.add(p.lagBytes());
            conflicts.add(p.conflicts());
            percent.add(p.percent());
        }
        ObjectNode actions = d.putObject("conflictsByAction");
        last.conflictsByAction().forEach(actions::put);
        return d;
    }

    private static long rate(long now, long before, double seconds) {
        return Math.round(JobProgress.rate(now, before, seconds));
    }

    /** JSON inside a script element: {@code </} must not end the element early. */
    private static String script(ObjectNode data) {
        try {
            return JSON.writeValueAsString(data).replace("</", "<\\/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RunReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the classpath (the build packs it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
