package dev.ferry.source.split;

import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One source server to replicate from, and where its replication stands. Immutable: progress lives in
 * {@link SyncSplitState} and becomes a new split when the reader checkpoints.
 *
 * @param position null before anything was emitted (a full sync starts), else the last emitted position
 */
@Internal
public record SyncSplit(String splitId, String address, @Nullable SyncPosition position) implements SourceSplit {

    public SyncSplit {
        Objects.requireNonNull(splitId, "splitId");
        Objects.requireNonNull(address, "address");
    }

    /** A split that starts with a full sync of {@code address}; its id is the address. */
    public static SyncSplit of(String address) {
        return new SyncSplit(address, address, null);
    }

    public SyncSplit withPosition(@Nullable SyncPosition newPosition) {
        return new SyncSplit(splitId, address, newPosition);
    }
}
