package dev.ferry.sink.exactlyonce;

import dev.ferry.resp.RespError;
import dev.ferry.sink.RedisWriter;
import dev.ferry.sink.TargetErrors;
import dev.ferry.sink.TargetWriteException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a target that lost writes it had acknowledged. Redis gives every start of a server a new {@code run_id};
 * at each checkpoint, once everything before it is acknowledged, the writer leaves a stamp on the target (the
 * checkpoint id under {@link MarkerKeys#stamp}) and keeps the run_id it saw in the checkpoint. A job restored from
 * that checkpoint onto a server with another run_id looks for the stamp: Redis persists writes in order (an AOF
 * appends them, an RDB is one moment), so a stamp that is there means everything before it is there too. A stamp
 * that is missing, or older, means the target lost data the checkpoint counts as written, which no replay from it
 * brings back: the job stops, saying so. A run_id that changes while the job runs fails the job, so that its restart
 * makes that check.
 *
 * <p>A standalone or Sentinel target only: a cluster's masters each have their own run_id and the cluster channel
 * handles a lost master itself.
 */
final class TargetWatch {
    private static final Logger LOG = LoggerFactory.getLogger(TargetWatch.class);
    private static final byte[] INFO = "INFO".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER = "server".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET = "GET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private final RedisWriter writer;
    private final MarkerKeys keys;
    private final int origin;
    private boolean enabled;
    private String runId = "";
    private long stamped = -1;

    TargetWatch(RedisWriter writer, MarkerKeys keys, int origin) {
        this.writer = writer;
        this.keys = keys;
        this.origin = origin;
        this.enabled = !writer.isCluster();
    }

    /**
     * Reads the target's run_id and, for each restored state taken on another run of the target, checks its stamp.
     *
     * @throws TargetDataLostException when the target lost what a restored checkpoint counts as written
     */
    void open(List<WriterState> restored) {
        if (!enabled) {
            return;
        }
        runId = currentRunId();
        if (runId.isEmpty()) {
            LOG.warn("target {} does not tell Ferry its run_id (INFO server refused): a restart of the target that loses "
                    + "data will not be noticed", writer.addressFor(new byte[0]));
            enabled = false;
            return;
        }
        for (WriterState s : restored) {
            stamped = Math.max(stamped, s.origin() == origin ? s.stampCheckpoint() : -1);
            if (s.stampCheckpoint() < 0 || s.targetRunId().isEmpty() || s.targetRunId().equals(runId)) {
                continue;
            }
            byte[] key = keys.stamp(s.origin());
            long kept = stampValue(writer.call(key, GET, key));
            if (kept < s.stampCheckpoint()) {
                throw new TargetDataLostException("target " + writer.addressFor(key) + " is another run of the server than "
                        + "the one Ferry wrote to before checkpoint " + s.stampCheckpoint() + " (its run_id changed from "
                        + s.targetRunId() + " to " + runId + ": it restarted, or failed over), and it lost data it had "
                        + "acknowledged: its stamp " + new String(key, StandardCharsets.UTF_8) + " is "
                        + (kept < 0 ? "gone" : "at checkpoint " + kept) + ". Replaying from the checkpoint cannot bring that "
                        + "data back. Re-run the migration from the snapshot: 'ferry run -c <config>' without --resume, "
                        + "with [advanced] rdb_restore_command_behavior = \"rewrite\" (the keys the target kept are "
                        + "replaced by the source's); and let the target persist its writes (appendonly yes) so a restart "
                        + "keeps them");
            }
            LOG.warn("target {} restarted since checkpoint {} (run_id {} -> {}) and holds everything Ferry wrote before it "
                    + "(its stamp is at checkpoint {}): going on", writer.addressFor(key), s.stampCheckpoint(),
                    s.targetRunId(), runId, kept);
        }
    }

    /**
     * At a checkpoint, once the target acknowledged everything before it: fails when the target restarted since the
     * last look, else leaves the stamp of {@code checkpointId}.
     */
    void stamp(long checkpointId) {
        if (!enabled) {
            return;
        }
        checkUnchanged();
        byte[] key = keys.stamp(origin);
        Object reply = writer.call(key, SET, key, Long.toString(checkpointId).getBytes(StandardCharsets.US_ASCII));
        if (reply instanceof RespError err && err.is("NOPERM")) {
            LOG.warn("target {} does not let Ferry's user write its checkpoint stamp {} ({}): a restart of the target that "
                    + "loses data will not be noticed; allow the key pattern of [advanced] marker_prefix", writer.addressFor(key),
                    new String(key, StandardCharsets.UTF_8), err.message());
            enabled = false;
            return;
        }
        if (reply instanceof RespError err) {
            throw new TargetWriteException("target " + writer.addressFor(key) + " refused SET "
                    + new String(key, StandardCharsets.UTF_8) + " (Ferry's checkpoint stamp): " + err.message()
                    + TargetErrors.advice(err), null);
        }
        stamped = checkpointId;
    }

    /** Deletes this writer's stamp: its input ended and no restart will look for it. */
    void removeStamp() {
        if (enabled && stamped >= 0) {
            byte[] key = keys.stamp(origin);
            writer.call(key, DEL, key);
        }
    }

    /** Fails when the target is not the server run it was at the last look: the restart checks what it kept. */
    void checkUnchanged() {
        if (!enabled) {
            return;
        }
        String now = currentRunId();
        if (!now.equals(runId)) {
            throw new TargetWriteException("target " + writer.addressFor(new byte[0]) + " restarted while Ferry was writing "
                    + "(its run_id changed from " + runId + " to " + now + "); the job restarts from its last checkpoint, "
                    + "which checks whether the target kept what Ferry had written before it", null);
        }
    }

    String runId() {
        return runId;
    }

    long stamped() {
        return stamped;
    }

    private String currentRunId() {
        Object reply = writer.call(new byte[0], INFO, SERVER);
        if (!(reply instanceof byte[] info)) {
            return ""; // a user without INFO: the target cannot be watched, the migration itself does not need it
        }
        for (String line : new String(info, StandardCharsets.UTF_8).split("\r\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).strip();
            }
        }
        return "";
    }

    private static long stampValue(Object reply) {
        if (reply instanceof byte[] b) {
            try {
                return Long.parseLong(new String(b, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
