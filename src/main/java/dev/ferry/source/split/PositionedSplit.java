package dev.ferry.source.split;

import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * An immutable split that knows how far it has been read; a reader's {@link SplitState} turns its progress back into
 * one of these when it checkpoints.
 *
 * @param <S> the split type itself
 * @param <P> its position
 */
public interface PositionedSplit<S extends PositionedSplit<S, P>, P> extends SourceSplit {

    /** Where reading continues, or null to start from the beginning. */
    @Nullable
    P position();

    S withPosition(@Nullable P newPosition);
}
