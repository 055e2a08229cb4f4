package dev.ferry.source.split;

import dev.ferry.rdb.ResumePoint;
import java.nio.file.Path;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * One RDB file to read, and where to continue in it. Immutable: progress lives in
 * {@link RdbFileSplitState} and becomes a new split when the reader checkpoints.
 */
@Internal
public final class RdbFileSplit implements PositionedSplit<RdbFileSplit, ResumePoint> {
    private final String splitId;
    private final Path file;
    @Nullable private final ResumePoint position;

    /**
     * @param position where to continue (the record after the last emitted key, with the running CRC), or
     *                 null to read the file from its header
     */
    public RdbFileSplit(String splitId, Path file, @Nullable ResumePoint position) {
        this.splitId = Objects.requireNonNull(splitId, "splitId");
        this.file = Objects.requireNonNull(file, "file");
        this.position = position;
    }

    /** A split that reads {@code file} from the start; its id is the file's path. */
    public static RdbFileSplit of(Path file) {
        return new RdbFileSplit(file.toString(), file, null);
    }

    @Override
    public String splitId() {
        return splitId;
    }

    public Path file() {
        return file;
    }

    @Override
    @Nullable
    public ResumePoint position() {
        return position;
    }

    @Override
    public RdbFileSplit withPosition(@Nullable ResumePoint newPosition) {
        return new RdbFileSplit(splitId, file, newPosition);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RdbFileSplit s
                && splitId.equals(s.splitId)
                && file.equals(s.file)
                && Objects.equals(position, s.position);
    }

    @Override
    public int hashCode() {
        return Objects.hash(splitId, file, position);
    }

    @Override
    public String toString() {
        return "RdbFileSplit[" + splitId + ", file=" + file + ", position=" + (position == null ? "start" : position) + "]";
    }
}
