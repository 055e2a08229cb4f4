package dev.ferry.source.enumerator;

import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

/** The enumerator's checkpoint: the splits not yet handed to any reader, in assignment order. */
@Internal
public record PendingSplits<S extends SourceSplit>(List<S> remainingSplits) {
    public PendingSplits {
        remainingSplits = List.copyOf(remainingSplits);
    }
}
