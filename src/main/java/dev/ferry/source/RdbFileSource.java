package dev.ferry.source;

import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.source.reader.RdbFileSourceReader;
import dev.ferry.source.split.RdbFileSplit;
import dev.ferry.source.split.RdbFileSplitSerializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded Flink source of the keys in one or more RDB snapshot files, as {@link KeyEvent}s whose payload
 * is ready for {@code RESTORE}.
 *
 * <pre>{@code
 * RdbFileSource source = RdbFileSource.builder().addFile("/backups/dump.rdb").build();
 * DataStream<RedisEvent> keys = env.fromSource(source, WatermarkStrategy.noWatermarks(), "rdb");
 * }</pre>
 *
 * Each file is one split, read by one reader from start to end; a checkpoint records, per file, the byte
 * offset of the next entry with the running CRC-64, so a restored job continues mid-file and still
 * verifies the file's checksum. Files must be readable at the same path from every TaskManager.
 */
public final class RdbFileSource extends SplitSource<RdbFileSplit> {
    private static final long serialVersionUID = 1L;
    private static final String WHAT = "RDB file";

    /** Absolute paths, as strings because {@link Path} is not serializable. */
    private final List<String> files;

    private RdbFileSource(List<String> files) {
        super(WHAT);
        this.files = List.copyOf(files);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The files to read, in the order they are handed out. */
    public List<Path> files() {
        return files.stream().map(Path::of).toList();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    List<RdbFileSplit> initialSplits() {
        List<RdbFileSplit> splits = new ArrayList<>(files.size());
        for (String f : files) {
            splits.add(RdbFileSplit.of(Path.of(f)));
        }
        return splits;
    }

    @Override
    public SimpleVersionedSerializer<RdbFileSplit> getSplitSerializer() {
        return RdbFileSplitSerializer.INSTANCE;
    }

    @Override
    public SourceReader<RedisEvent, RdbFileSplit> createReader(SourceReaderContext readerContext) {
        return new RdbFileSourceReader(readerContext);
    }

    @Override
    public String toString() {
        return "RdbFileSource" + files;
    }

    /** Builds an {@link RdbFileSource}; relative paths are resolved against the current directory now. */
    public static final class Builder {
        private final Set<Path> files = new LinkedHashSet<>();

        private Builder() {}

        public Builder addFile(Path file) {
            Path p = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
            if (!files.add(p)) {
                throw new IllegalArgumentException("RDB file " + p + " is listed twice");
            }
            return this;
        }

        public Builder addFile(String file) {
            return addFile(Path.of(Objects.requireNonNull(file, "file")));
        }

        public RdbFileSource build() {
            if (files.isEmpty()) {
                throw new IllegalStateException("an RDB file source needs at least one file: call addFile(...)");
            }
            return new RdbFileSource(files.stream().map(Path::toString).toList());
        }
    }
}
