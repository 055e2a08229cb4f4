package dev.ferry.cli.run;

import dev.ferry.cli.BadInputException;
import dev.ferry.cli.ConfigOptions;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.job.ClusterDbCheck;
import dev.ferry.job.JobRecovery;
import dev.ferry.job.MigrationJob;
import dev.ferry.metrics.ProgressOutput;
import dev.ferry.metrics.RunMetrics;
import dev.ferry.metrics.RunMonitor;
import dev.ferry.metrics.RunReport;
import dev.ferry.metrics.StatusServer;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.sink.TargetChannel;
import dev.ferry.sink.TargetChannels;
import dev.ferry.sink.exactlyonce.MarkerCleanup;
import dev.ferry.resp.RespError;
import dev.ferry.source.LiveSourceServers;
import dev.ferry.source.scan.ScanSettings;
import dev.ferry.source.scan.ScanSourceCheck;
import dev.ferry.verify.check.ReplicationSourceCheck;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry run -c FILE}: the migration, in-process on a MiniCluster or, under {@code flink run}, on that cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Migrate as the config says: in this JVM on an embedded Flink MiniCluster, or on a Flink cluster when "
                + "started by 'flink run'. Exits 0 when everything was written and acknowledged by the target.",
                "Progress: a log line every [advanced] log_interval seconds (phase, %, keys/s, ETA, conflicts), or on an "
                        + "interactive terminal one line redrawn in place. [advanced] status_port serves the status as JSON "
                        + "on / and Prometheus metrics on /metrics. At the end: the summary, and with --report an HTML page."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions config;

    @Option(names = "--resume", description = "continue from the newest retained checkpoint or savepoint in [flink] checkpoint_dir")
    boolean resume;

    @Option(names = "--stop-when-consistent", description = "live source ([sync_reader]): once the target has acknowledged "
            + "everything every split received, and stayed so for --consistent-for, stop with a savepoint (--resume "
            + "continues from it) and exit 0; a bounded source ends by itself anyway")
    boolean stopWhenConsistent;

    @Option(names = "--cleanup", description = "do not migrate: remove Ferry's exactly-once markers and checkpoint stamps "
            + "([advanced] marker_prefix + applied:* and stamp:w*) from every master of the target, and exit. Run it once "
            + "the migration is over: a later --resume would find no markers and could apply commands twice")
    boolean cleanup;

    @Option(names = "--consistent-for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "with --stop-when-consistent: how long the target must have stayed consistent, e.g. 2s, 500ms, 1m (default 5s)")
    Duration consistentFor;

    @Option(names = "--report", paramLabel = "FILE.html", description = "at the end, write a one-page HTML report: the "
            + "summary, throughput, lag and conflicts over time (embedded runner only)")
    Path report;

    private static final Duration DEFAULT_CONSISTENT_FOR = Duration.ofSeconds(5);
    private static final byte[] NO_KEY = new byte[0];
    private static final byte[] PING = "PING".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] FLUSHALL = "FLUSHALL".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Duration window = consistencyWindow();
        if (cleanup && (resume || window != null)) {
            throw new BadInputException("--cleanup removes Ferry's markers instead of migrating, so it takes neither --resume "
                    + "nor --stop-when-consistent: run it on its own, after the last run");
        }
        FerryConfig cfg = config.load();
        cfg.notes().forEach(n -> LOG.info("config: {}", n));
        if (cleanup) {
            return cleanup(cfg);
        }
        if (cfg.redisWriter().offReply()) {
            LOG.warn("config: [redis_writer] off_reply = true is ignored: Ferry reads every reply, because a checkpoint "
                    + "may only complete once the target has acknowledged the writes before it");
        }
        Path checkpointDir = cfg.flink().checkpointDir().toAbsolutePath();
        Optional<Path> restoreFrom = Optional.empty();
        if (resume) {
            restoreFrom = CheckpointLocator.newest(checkpointDir);
            if (restoreFrom.isEmpty()) {
                throw new BadInputException("--resume: no checkpoint or savepoint found under " + checkpointDir
                        + " ([flink] checkpoint_dir); run without --resume to start from the beginning");
            }
            out.println("Resuming from " + restoreFrom.get());
        }
        if (cfg.scanReader() != null) {
            ScanSourceCheck.check(ScanSettings.of(cfg.scanReader()));
        }
        if (cfg.syncReader() != null) {
            ReplicationSourceCheck.check(LiveSourceServers.of(cfg));
        }
        checkTarget(cfg);
        ClusterDbCheck.check(cfg);
        if (!resume && cfg.advanced().emptyDbBeforeSync()) {
            flushTarget(cfg);
        }
        Files.createDirectories(cfg.advanced().dir());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(JobRecovery.settings(checkpointDir));
        boolean local = env instanceof LocalStreamEnvironment;
        if (window != null && !local) {
            throw new BadInputException("--stop-when-consistent needs the embedded runner (bin/ferry run), which watches the "
                    + "job's readers; on a Flink cluster, stop the job with 'flink stop --savepointPath <dir> <job id>' instead");
        }
        if (!local && report != null) {
            throw new BadInputException("--report needs the embedded runner (bin/ferry run), which samples the job's metrics; "
                    + "on a Flink cluster, use its web UI or a Flink metric reporter (see README, \"Progress and metrics\")");
        }
        if (!local && cfg.advanced().statusPort() != 0) {
            LOG.warn("[advanced] status_port is served by the embedded runner only (bin/ferry run); on a Flink cluster, "
                    + "configure Flink's Prometheus reporter (metrics.reporter.prom.factory.class) instead");
        }
        if (report != null && Files.isDirectory(report)) {
            throw new BadInputException("--report " + report + " is a directory; give a file name, e.g. --report run.html");
        }
        if (local && !resume) { // on a Flink cluster the file is the TaskManager's, and resuming is 'flink run -s'
            EarlierConflicts.keepAside(MigrationJob.conflictsFile(cfg)).ifPresent(p -> out.println(
                    "The earlier run's conflicts are kept in " + p + "; " + MigrationJob.conflictsFile(cfg).getFileName()
                            + " lists this run's"));
        }
        int liveSplits = MigrationJob.build(env, cfg, local ? 0 : cfg.advanced().logInterval());
        Optional<LocalJobRunner.StopWhenConsistent> stop = Optional.empty();
        if (window != null && liveSplits == 0) {
            out.println("--stop-when-consistent: the source is bounded (" + boundedWhy(cfg) + "): the run ends by itself "
                    + "once the target has acknowledged everything");
        } else if (window != null) {
            stop = Optional.of(new LocalJobRunner.StopWhenConsistent(liveSplits, window));
        }
        if (!local) {
            // Under 'flink run' the cluster's client submits; resuming there is 'flink run -s <path>'.
            JobExecutionResult result = env.execute("ferry: " + config.file().getFileName());
            RunSummary.from(result.getAllAccumulatorResults(), result.getNetRuntime()).print(out, MigrationJob.conflictsFile(cfg));
            return 0;
        }
        RunMetrics metrics = new RunMetrics();
        ProgressOutput progress = ProgressOutput.of(cfg.advanced().logInterval(), out);
        PrintStream shown = progress.messages(out);
        RunMonitor monitor = new RunMonitor(metrics, new RunMonitor.Settings(snapshotBytes(cfg), liveSplits), progress);
        PrintStream stderr = System.err;
        System.setErr(progress.messages(stderr)); // log lines (log4j follows System.err) above a terminal bar too
        try (monitor; StatusServer status = statusServer(cfg.advanced().statusPort(), monitor, shown)) {
            monitor.start();
            JobResult result = new LocalJobRunner(shown, metrics).run(env, cfg.flink().parallelism(), restoreFrom,
                    checkpointDir.resolve("savepoints"), stop);
            monitor.finish(result.isSuccess());
            JobFailures.throwIfFailed(result);
            Map<String, Object> accumulators =
                    result.toJobExecutionResult(Thread.currentThread().getContextClassLoader()).getAllAccumulatorResults();
            RunSummary summary = RunSummary.from(accumulators, result.getNetRuntime());
            summary.print(shown, MigrationJob.conflictsFile(cfg));
            if (report != null) {
                List<List<String>> rows = summary.rows().stream().map(r -> List.of(r.label().strip(), r.value(), r.note())).toList();
                RunReport.write(report, config.file().getFileName().toString(), rows, monitor.series(), monitor.latest().now());
                shown.println("Report: " + report.toAbsolutePath());
            }
        } finally {
            System.setErr(stderr);
        }
        return 0;
    }

    /** The status endpoint on {@code port}, or null when it is 0. */
    private static StatusServer statusServer(int port, RunMonitor monitor, PrintStream shown) {
        if (port == 0) {
            return null;
        }
        try {
            StatusServer s = StatusServer.start(port, monitor);
            shown.println("Status: http://localhost:" + s.port() + "/ (JSON), http://localhost:" + s.port() + "/metrics (Prometheus)");
            return s;
        } catch (StatusServer.StatusPortException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /** The RDB files' total size: the snapshot's size before any of them is opened; 0 for a live source. */
    private static long snapshotBytes(FerryConfig cfg) throws java.io.IOException {
        long sum = 0;
        if (cfg.rdbReader() != null) {
            for (Path p : cfg.rdbReader().filepaths()) {
                sum += Files.isRegularFile(p) ? Files.size(p) : 0;
            }
        }
        return sum;
    }

    private int cleanup(FerryConfig cfg) {
        String prefix = cfg.advanced().markerPrefix();
        MarkerCleanup.run(cfg.redisWriter(), prefix).forEach((master, n) -> out.printf(
                "Removed %,d marker key%s (%sapplied:*, %sstamp:w*) from target %s%n", n, n == 1 ? "" : "s", prefix, prefix, master));
        return 0;
    }

    /** The --consistent-for window when --stop-when-consistent is given, else null. */
    private Duration consistencyWindow() {
        if (!stopWhenConsistent) {
            if (consistentFor != null) {
                throw new BadInputException("--consistent-for only applies with --stop-when-consistent; add that flag, or drop "
                        + "--consistent-for");
            }
            return null;
        }
        return consistentFor == null ? DEFAULT_CONSISTENT_FOR : consistentFor;
    }

    private static String boundedWhy(FerryConfig cfg) {
        return cfg.syncReader() == null ? "[rdb_reader]" : "[sync_reader] sync_aof = false";
    }

    /** Reads --consistent-for like the config's durations. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = ConfigLoader.parseDuration(value);
            if (d == null || d.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write e.g. 5s, 500ms or 1m");
            }
            return d;
        }
    }

    /** Fails before any Flink machinery starts when the target cannot be reached, logged in to, or is not what the config says. */
    private static void checkTarget(FerryConfig cfg) throws Exception {
        try (TargetChannel<Void> target = TargetChannels.of(cfg.redisWriter(), 10_000)) {
            target.open();
            Object reply = target.call(0, NO_KEY, PING);
            if (reply instanceof RespError err) {
                throw new RedisConnectException("target [redis_writer] at " + target.addressFor(NO_KEY) + " refused PING: "
                        + err.message() + "; check username and password in [redis_writer]", null);
            }
        }
    }

    private void flushTarget(FerryConfig cfg) throws Exception {
        try (TargetChannel<Void> target = TargetChannels.of(cfg.redisWriter(), 60_000)) {
            target.open();
            LOG.warn("[advanced] empty_db_before_sync = true: running FLUSHALL on target {} before the migration", target.addressFor(NO_KEY));
            Object reply = target.call(0, NO_KEY, FLUSHALL);
            if (reply instanceof RespError err) {
                throw new IllegalStateException("FLUSHALL on target " + target.addressFor(NO_KEY) + " failed: " + err.message());
            }
        }
    }
}
