package dev.ferry.source.split;

import dev.ferry.rdb.ResumePoint;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/** The mutable progress of a split being read: the resume point after the last key emitted. */
@Internal
public final class RdbFileSplitState {
    private final RdbFileSplit split;
    @Nullable private ResumePoint position;

    public RdbFileSplitState(RdbFileSplit split) {
        this.split = split;
        this.position = split.position();
    }

    public String splitId() {
        return split.splitId();
    }

    @Nullable
    public ResumePoint position() {
        return position;
    }

    public void setPosition(ResumePoint position) {
        this.position = position;
    }

    /** The split to checkpoint: same file, continuing after the last emitted key. */
    public RdbFileSplit toSplit() {
        return split.withPosition(position);
    }
}
