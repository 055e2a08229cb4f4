package dev.ferry.source.reader;

import dev.ferry.resp.RedisEndpoint;
import java.io.Serializable;
import java.nio.file.Path;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * What every replica split reader needs to know.
 *
 * @param source        the configured source address with the data nodes' login: the server itself, or a cluster's
 *                      seed node; every server a split connects to gets this login
 * @param sentinel      the Sentinel with its own login, when the source is found through one
 * @param preferReplica replicate from a healthy replica of the master when there is one
 * @param spoolRoot     each split spools under {@code spoolRoot/<split>} (a string: {@link Path} is not serializable)
 * @param syncRdb       emit the snapshot's keys (false: parse past them)
 * @param syncAof       follow the command stream after the snapshot (false: the split ends with the snapshot)
 * @param logInterval   seconds between a split's progress lines, 0 for none ({@code [advanced] log_interval})
 * @param spoolSegmentBytes the size of each spool file: what a completed checkpoint frees comes in segments
 *                      ({@link #SPOOL_SEGMENT_BYTES}; tests take smaller ones)
 */
@Internal
public record ReplicaSettings(RedisEndpoint source, @Nullable RedisEndpoint sentinel, boolean preferReplica,
                              String spoolRoot, boolean syncRdb, boolean syncAof, int logInterval,
                              long spoolSegmentBytes) implements Serializable {
    public static final long SPOOL_SEGMENT_BYTES = 64L << 20;

    /** The same settings with spool files of {@code bytes} each. */
    public ReplicaSettings withSpoolSegmentBytes(long bytes) {
        return new ReplicaSettings(source, sentinel, preferReplica, spoolRoot, syncRdb, syncAof, logInterval, bytes);
    }

    /** The spool directory of a split: its id made safe as a file name. */
    Path spoolDir(String splitId) {
        return Path.of(spoolRoot).resolve(splitId.replaceAll("[^A-Za-z0-9._-]", "_"));
    }
}
