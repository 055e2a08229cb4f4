package dev.ferry.source.split;

import dev.ferry.rdb.ResumePoint;
import org.apache.flink.annotation.Internal;

/** The mutable progress of an RDB file split: the resume point after the last key emitted. */
@Internal
public final class RdbFileSplitState extends SplitState<RdbFileSplit, ResumePoint> {

    public RdbFileSplitState(RdbFileSplit split) {
        super(split);
    }
}
