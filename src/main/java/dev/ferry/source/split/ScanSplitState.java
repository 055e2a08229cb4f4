package dev.ferry.source.split;

import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/** The mutable progress of a scan split: the position after the last event emitted. */
@Internal
public final class ScanSplitState {
    private final ScanSplit split;
    @Nullable private ScanPosition position;

    public ScanSplitState(ScanSplit split) {
        this.split = split;
        this.position = split.position();
    }

    public void setPosition(ScanPosition position) {
        this.position = position;
    }

    public ScanSplit toSplit() {
        return split.withPosition(position);
    }
}
