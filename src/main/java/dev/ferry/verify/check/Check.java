package dev.ferry.verify.check;

import dev.ferry.config.FerryConfig;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.sink.TargetChannel;
import dev.ferry.sink.TargetChannels;
import dev.ferry.sink.TargetWriteException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ferry check}: reads the configured source and target, looks the source's keys up on the target and judges
 * whether the migration can run. Reads only, on both sides. A source or target that cannot be reached or logged in
 * to is a blocker in the report; a bad RDB file is thrown (bad input).
 *
 * <pre>{@code
 * CheckReport report = Check.run(config, 0);
 * }</pre>
 */
public final class Check {
    private static final int READ_TIMEOUT_MS = 30_000;

    private Check() {}

    /** @param sample keys to look up on a live source (0: all of them); an RDB file is always read whole */
    public static CheckReport run(FerryConfig cfg, long sample) throws IOException {
        List<Finding> findings = new ArrayList<>();
        SourceSurvey survey = SourceSurveys.of(cfg, sample);
        byte[] sampleKey = null;
        boolean sourceReachable = true;
        try {
            sampleKey = survey.sampleKey();
        } catch (RedisConnectException e) {
            findings.add(Finding.blocker("source", e.getMessage()));
            sourceReachable = false;
        }
        byte[] aclKey = sampleKey != null ? sampleKey : "key".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SourceReport source = null;
        TargetReport target = null;
        RestorePlan plan = null;
        CollisionPreview collisions = null;
        try (TargetChannel<CollisionProbe.Tag> channel = TargetChannels.of(cfg.redisWriter(), READ_TIMEOUT_MS)) {
            try {
                channel.open();
                target = TargetSurvey.survey(cfg.redisWriter(), cfg.advanced(), channel, aclKey);
            } catch (RedisConnectException | TargetWriteException e) {
                findings.add(Finding.blocker("target", e.getMessage()));
            } catch (IOException e) {
                findings.add(Finding.blocker("target", "target " + channel.addressFor(aclKey) + ": " + e.getMessage()));
            }
            if (sourceReachable) {
                RestorePlanCounter planCounter = target != null ? new RestorePlanCounter(target) : null;
                CollisionProbe probe = target != null ? new CollisionProbe(channel, cfg.filter(), cfg.advanced().pipelineCountLimit()) : null;
                KeyListener listener = target == null ? (db, key, type, bytes) -> { } : KeyListener.both(planCounter, probe);
                try {
                    source = survey.read(listener);
                    if (probe != null) {
                        collisions = probe.finish(survey.sampledFrom());
                        plan = cfg.rdbReader() != null ? planCounter.plan() : null;
                    }
                } catch (RedisConnectException e) {
                    findings.add(Finding.blocker("source", e.getMessage()));
                } catch (CollisionProbe.TargetFailure e) {
                    findings.add(Finding.blocker("target", e.getMessage()));
                }
            }
        }
        findings.addAll(CheckRules.evaluate(cfg.advanced(), cfg.filter(), source, target, plan, collisions));
        return new CheckReport(String.valueOf(cfg.sourceFile()), cfg.advanced().rdbRestoreCommandBehavior().name()
                .toLowerCase(java.util.Locale.ROOT), source, target, plan, collisions, findings);
    }
}
