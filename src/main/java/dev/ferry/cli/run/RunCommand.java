package dev.ferry.cli.run;

import dev.ferry.cli.BadInputException;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.job.ClusterDbCheck;
import dev.ferry.job.MigrationJob;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.sink.TargetChannel;
import dev.ferry.sink.TargetChannels;
import dev.ferry.sink.exactlyonce.MarkerCleanup;
import dev.ferry.resp.RespError;
import dev.ferry.source.scan.ScanSettings;
import dev.ferry.source.scan.ScanSourceCheck;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry run -c FILE}: the migration, in-process on a MiniCluster or, under {@code flink run}, on that cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Migrate as the config says: in this JVM on an embedded Flink MiniCluster, or on a Flink cluster when "
                + "started by 'flink run'. Exits 0 when everything was written and acknowledged by the target.")
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "TOML config (see conf/)")
    Path config;

    @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE", description = "override a config key, e.g. --set advanced.rdb_restore_command_behavior=rewrite")
    List<String> overrides = new ArrayList<>();

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
        FerryConfig cfg = ConfigLoader.load(config, overrides);
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
        checkTarget(cfg);
        ClusterDbCheck.check(cfg);
        if (!resume && cfg.advanced().emptyDbBeforeSync()) {
            flushTarget(cfg);
        }
        Files.createDirectories(cfg.advanced().dir());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkSettings(checkpointDir));
        boolean local = env instanceof LocalStreamEnvironment;
        if (window != null && !local) {
            throw new BadInputException("--stop-when-consistent needs the embedded runner (bin/ferry run), which watches the "
                    + "job's readers; on a Flink cluster, stop the job with 'flink stop --savepointPath <dir> <job id>' instead");
        }
        int liveSplits = MigrationJob.build(env, cfg);
        Optional<LocalJobRunner.StopWhenConsistent> stop = Optional.empty();
        if (window != null && liveSplits == 0) {
            out.println("--stop-when-consistent: the source is bounded (" + boundedWhy(cfg) + "): the run ends by itself "
                    + "once the target has acknowledged everything");
        } else if (window != null) {
            stop = Optional.of(new LocalJobRunner.StopWhenConsistent(liveSplits, window));
        }
        Map<String, Object> accumulators;
        long runtimeMs;
        if (local) {
            JobResult result = new LocalJobRunner(out).run(env, cfg.flink().parallelism(), restoreFrom,
                    checkpointDir.resolve("savepoints"), stop);
            JobFailures.throwIfFailed(result);
            accumulators = result.toJobExecutionResult(Thread.currentThread().getContextClassLoader()).getAllAccumulatorResults();
            runtimeMs = result.getNetRuntime();
        } else {
            // Under 'flink run' the cluster's client submits; resuming there is 'flink run -s <path>'.
            JobExecutionResult result = env.execute("ferry: " + config.getFileName());
            accumulators = result.getAllAccumulatorResults();
            runtimeMs = result.getNetRuntime();
        }
        RunSummary.from(accumulators, runtimeMs).print(out, MigrationJob.conflictsFile(cfg));
        return 0;
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

    private static Configuration flinkSettings(Path checkpointDir) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofSeconds(2));
        return conf;
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
