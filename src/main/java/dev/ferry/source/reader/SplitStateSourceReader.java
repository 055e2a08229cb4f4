package dev.ferry.source.reader;

import dev.ferry.event.RedisEvent;
import dev.ferry.source.split.PositionedSplit;
import dev.ferry.source.split.SplitState;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

/**
 * A source reader whose splits carry their position and whose progress is a {@link SplitState}, moved by a
 * {@link PositionEmitter}: what each of Ferry's readers has in common, so each says only how it asks for splits and
 * what it does at checkpoints.
 *
 * @param <E> what the fetcher thread hands the record emitter
 * @param <P> the splits' position
 */
abstract class SplitStateSourceReader<E extends PositionedRecord<P>, S extends PositionedSplit<S, P>, P,
        St extends SplitState<S, P>> extends SingleThreadMultiplexSourceReaderBase<E, RedisEvent, S, St> {
    private final Function<S, St> newState;

    SplitStateSourceReader(Supplier<SplitReader<E, S>> splitReader, Function<S, St> newState, SourceReaderContext context) {
        super(splitReader, new PositionEmitter<>(), context.getConfiguration(), context);
        this.newState = newState;
    }

    @Override
    protected final St initializedState(S split) {
        return newState.apply(split);
    }

    @Override
    protected final S toSplitType(String splitId, St state) {
        return state.toSplit();
    }
}
