package dev.ferry.source.split;

import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * One source to replicate from (a server, a Sentinel-monitored master, a cluster shard), and where its replication
 * stands. Immutable: progress lives in {@link SyncSplitState} and becomes a new split when the reader checkpoints.
 *
 * @param splitId  stable across runs: it names the split's spool directory
 * @param locator  how to find the server each time the split connects
 * @param position null before anything was emitted (a full sync starts), else the last emitted position
 */
@Internal
public record SyncSplit(String splitId, SourceLocator locator, @Nullable SyncPosition position)
        implements PositionedSplit<SyncSplit, SyncPosition> {

    public SyncSplit {
        Objects.requireNonNull(splitId, "splitId");
        Objects.requireNonNull(locator, "locator");
    }

    /** A split that starts with a full sync of the server at {@code address}; its id is the address. */
    public static SyncSplit of(String address) {
        return new SyncSplit(address, new SourceLocator.Server(address), null);
    }

    @Override
    public SyncSplit withPosition(@Nullable SyncPosition newPosition) {
        return new SyncSplit(splitId, locator, newPosition);
    }

    @Override
    public String toString() {
        return "replica split " + splitId + " (" + locator + (position == null ? "" : ", at " + position) + ")";
    }
}
