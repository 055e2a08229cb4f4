package dev.ferry.source.split;

import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * The mutable progress of a split being read: the position after the last event emitted. Splits stay immutable
 * so that what a checkpoint holds cannot change under it; this is the one mutable object a record emitter updates.
 */
@Internal
public abstract class SplitState<S extends PositionedSplit<S, P>, P> {
    private final S split;
    @Nullable private P position;

    protected SplitState(S split) {
        this.split = split;
        this.position = split.position();
    }

    public String splitId() {
        return split.splitId();
    }

    public void setPosition(P position) {
        this.position = position;
    }

    /** The split to checkpoint: the same source, continuing after the last emitted event. */
    public S toSplit() {
        return split.withPosition(position);
    }
}
