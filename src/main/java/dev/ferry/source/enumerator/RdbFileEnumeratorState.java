package dev.ferry.source.enumerator;

import dev.ferry.source.split.RdbFileSplit;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** The enumerator's checkpoint: the splits not yet handed to any reader, in assignment order. */
@Internal
public record RdbFileEnumeratorState(List<RdbFileSplit> remainingSplits) {
    public RdbFileEnumeratorState {
        remainingSplits = List.copyOf(remainingSplits);
    }
}
