package dev.ferry.verify;

import dev.ferry.config.FilterConfig;
import dev.ferry.config.RedisWriterConfig;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** A comparer of the verify job for an {@code [rdb_reader]} source: one file's keys against the target ({@link RdbComparer}). */
final class CompareFile extends RichFlatMapFunction<Integer, Compared> {
    private static final long serialVersionUID = 1L;

    private final List<String> files;
    private final RedisWriterConfig writer;
    private final FilterConfig filter;
    private final VerifyOptions options;

    CompareFile(List<Path> files, RedisWriterConfig writer, FilterConfig filter, VerifyOptions options) {
        this.files = files.stream().map(Path::toString).toList();
        this.writer = writer;
        this.filter = filter;
        this.options = options;
    }

    @Override
    public void flatMap(Integer file, Collector<Compared> out) throws Exception {
        try (RdbComparer rdb = new RdbComparer(List.of(Path.of(files.get(file))), Verify.target(writer), filter, options,
                System::currentTimeMillis, false)) {
            Comparer.RoundResult r = rdb.firstRound();
            r.differences().forEach(d -> out.collect(Compared.of(0, d)));
            out.collect(Compared.count(0, r.compared()));
        }
    }
}
