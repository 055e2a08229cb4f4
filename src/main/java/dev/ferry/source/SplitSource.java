package dev.ferry.source;

import dev.ferry.event.RedisEvent;
import dev.ferry.event.RedisEventTypeInfo;
import dev.ferry.source.enumerator.PendingSplits;
import dev.ferry.source.enumerator.PendingSplitsSerializer;
import dev.ferry.source.enumerator.SplitQueueEnumerator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * What Ferry's sources have in common: they produce {@link RedisEvent}s, and their enumerator's checkpoint is the
 * splits not handed out yet, a fresh job's enumerator and a restored one's differing only in the splits they start
 * with. Each source says which splits a fresh job has and how they are read, and may hand them out its own way.
 *
 * @param <S> the split
 */
abstract class SplitSource<S extends SourceSplit>
        implements Source<RedisEvent, S, PendingSplits<S>>, ResultTypeQueryable<RedisEvent> {
    private static final long serialVersionUID = 1L;

    /** The kind of split, for messages ("RDB file", "scan", "replica"). */
    private final String what;

    SplitSource(String what) {
        this.what = what;
    }

    /** The splits of a job that starts fresh, found when its enumerator is created. */
    abstract List<S> initialSplits();

    /** The enumerator that hands out {@code splits}: by default to whichever reader asks next. */
    SplitEnumerator<S, PendingSplits<S>> enumerator(SplitEnumeratorContext<S> context, List<S> splits) {
        return new SplitQueueEnumerator<>(context, splits, what);
    }

    @Override
    public final SplitEnumerator<S, PendingSplits<S>> createEnumerator(SplitEnumeratorContext<S> context) {
        return enumerator(context, initialSplits());
    }

    @Override
    public final SplitEnumerator<S, PendingSplits<S>> restoreEnumerator(SplitEnumeratorContext<S> context,
                                                                       PendingSplits<S> checkpoint) {
        return enumerator(context, checkpoint.remainingSplits());
    }

    @Override
    public final SimpleVersionedSerializer<PendingSplits<S>> getEnumeratorCheckpointSerializer() {
        return new PendingSplitsSerializer<>(getSplitSerializer(), what);
    }

    @Override
    public final TypeInformation<RedisEvent> getProducedType() {
        return RedisEventTypeInfo.INSTANCE;
    }
}
