package dev.ferry.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.rdb.ResumePoint;
import dev.ferry.source.RdbCorpus;
import dev.ferry.source.split.RdbFileSplit;
import dev.ferry.source.split.RdbFileSplitState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdbFileSplitReaderTest {
    private final RdbSourceMetrics metrics = new RdbSourceMetrics(new UnregisteredMetricsGroup());

    /** Records of one fetch, and whether it finished the split. */
    private record Batch(List<EventWithResumePoint> records, boolean finished) {}

    private static Batch fetch(RdbFileSplitReader reader) throws IOException {
        RecordsWithSplitIds<EventWithResumePoint> r = reader.fetch();
        List<EventWithResumePoint> records = new ArrayList<>();
        while (r.nextSplit() != null) {
            for (EventWithResumePoint e; (e = r.nextRecordFromSplit()) != null; ) {
                records.add(e);
            }
        }
        return new Batch(records, !r.finishedSplits().isEmpty());
    }

    private RdbFileSplitReader readerFor(RdbFileSplit split, int maxKeys) {
        RdbFileSplitReader reader = new RdbFileSplitReader(metrics, maxKeys, RdbFileSplitReader.MAX_BYTES_PER_FETCH);
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
        return reader;
    }

    private List<EventWithResumePoint> readAll(RdbFileSplit split, int maxKeys) throws IOException {
        List<EventWithResumePoint> all = new ArrayList<>();
        try (RdbFileSplitReader reader = readerFor(split, maxKeys)) {
            while (true) {
                Batch b = fetch(reader);
                all.addAll(b.records());
                if (b.finished()) {
                    return all;
                }
            }
        } catch (Exception e) {
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e);
        }
    }

    private static List<KeyEvent> keys(List<EventWithResumePoint> records) {
        return records.stream().map(EventWithResumePoint::event).filter(KeyEvent.class::isInstance).map(KeyEvent.class::cast).toList();
    }

    private static void assertSameAsParser(List<KeyEvent> events, Path file) {
        List<RdbCorpus.Entry> expected = RdbCorpus.parse(file);
        assertThat(events).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            RdbCorpus.Entry x = expected.get(i);
            KeyEvent e = events.get(i);
            assertThat(e.db()).isEqualTo(x.db());
            assertThat(e.key()).isEqualTo(x.key());
            assertThat(e.payload()).isEqualTo(x.payload());
            assertThat(e.position()).isEqualTo(x.offset());
            assertThat(e.splitId()).isEqualTo(file.toString());
        }
    }

    @Test
    void readsEveryKeyInFileOrderWithTheParsersPayloads() throws IOException {
        Path file = RdbCorpus.file("redis-rdb-tools/multiple_databases.rdb");
        List<KeyEvent> events = keys(readAll(RdbFileSplit.of(file), 512));
        assertSameAsParser(events, file);
        assertThat(events).extracting(KeyEvent::db).containsOnly(0, 2);
        assertThat(metrics.keysRead()).isEqualTo(events.size());
        assertThat(metrics.bytesRead()).isEqualTo(events.stream().mapToLong(e -> e.payload().length).sum());
    }

    @Test
    void fetchesAreBounded() throws IOException {
        Path file = RdbCorpus.file("redis-replicator/dumpV8.rdb");
        try (RdbFileSplitReader reader = readerFor(RdbFileSplit.of(file), 512)) {
            Batch first = fetch(reader);
            assertThat(first.records()).hasSize(512);
            assertThat(first.finished()).isFalse();
        }
        RdbFileSplitReader byBytes = new RdbFileSplitReader(metrics, Integer.MAX_VALUE, 1000);
        byBytes.handleSplitsChanges(new SplitsAddition<>(List.of(RdbFileSplit.of(file))));
        Batch b = fetch(byBytes);
        long bytes = b.records().stream().mapToLong(r -> ((KeyEvent) r.event()).payload().length).sum();
        assertThat(bytes).isGreaterThanOrEqualTo(1000);
        assertThat(bytes - ((KeyEvent) b.records().get(b.records().size() - 1).event()).payload().length).isLessThan(1000);
        byBytes.close();
    }

    /**
     * A checkpoint can fall after any emitted record, also in the middle of a fetched batch: resuming a
     * new reader from the state at that point must give exactly the rest of the file.
     */
    @Test
    void resumingFromTheSplitStateContinuesWithoutLossOrRepeat() throws IOException {
        Path file = RdbCorpus.file("redis-replicator/dumpV8.rdb");
        List<EventWithResumePoint> full = readAll(RdbFileSplit.of(file), 512);
        assertThat(full).hasSize(92_499);

        for (int cut : new int[] {1, 511, 512, 700, 50_000, 92_498, 92_499}) {
            RdbFileSplitState state = new RdbFileSplitState(RdbFileSplit.of(file));
            PositionEmitter<EventWithResumePoint, ResumePoint, RdbFileSplitState> emitter = new PositionEmitter<>();
            List<RedisEvent> firstRun = new ArrayList<>();
            try (RdbFileSplitReader reader = readerFor(state.toSplit(), 512)) {
                while (firstRun.size() < cut) {
                    for (EventWithResumePoint r : fetch(reader).records()) {
                        if (firstRun.size() == cut) {
                            break; // the rest of the batch is lost with the failed task
                        }
                        emitter.emitRecord(r, new CollectingOutput(firstRun), state);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            RdbFileSplit checkpointed = state.toSplit();
            assertThat(checkpointed.position()).isNotNull();
            List<RedisEvent> all = new ArrayList<>(firstRun);
            readAll(checkpointed, 512).forEach(r -> all.add(r.event()));
            assertThat(all).as("cut after %d keys", cut).containsExactlyElementsOf(full.stream().map(EventWithResumePoint::event).toList());
        }
    }

    @Test
    void resumePointIsTheNextRecordOfTheFile() throws IOException {
        Path file = RdbCorpus.file("redis-rdb-tools/multiple_databases.rdb");
        List<EventWithResumePoint> records = readAll(RdbFileSplit.of(file), 512);
        for (int i = 0; i + 1 < records.size(); i++) {
            ResumePoint after = records.get(i).after();
            assertThat(after.offset()).isLessThanOrEqualTo(records.get(i + 1).event().position());
            assertThat(after.db()).isIn(0, 2);
        }
    }

    @Test
    void emptyCollectionsAreSkippedAndCounted() throws IOException {
        assertThat(readAll(RdbFileSplit.of(RdbCorpus.file("redis/corrupt_empty_keys.rdb")), 512)).isEmpty();
        assertThat(metrics.emptyKeysSkipped()).isEqualTo(9);
        assertThat(metrics.keysRead()).isZero();

        assertThat(readAll(RdbFileSplit.of(RdbCorpus.file("redis/6.2/corrupt_empty_keys.rdb")), 512)).isEmpty();
        assertThat(metrics.emptyKeysSkipped()).isEqualTo(9 + 8);
    }

    @Test
    void functionLibrariesBecomeFunctionLoadCommands() throws IOException {
        Path file = RdbCorpus.file("hdt3213-rdb/function.rdb");
        List<EventWithResumePoint> all = readAll(RdbFileSplit.of(file), 512);
        assertSameAsParser(keys(all), file);
        List<CommandEvent> loads = all.stream().map(EventWithResumePoint::event)
                .filter(CommandEvent.class::isInstance).map(CommandEvent.class::cast).toList();
        assertThat(loads).isNotEmpty();
        assertThat(metrics.functionsRead()).isEqualTo(loads.size());
        for (CommandEvent c : loads) {
            assertThat(c.name()).isEqualTo("FUNCTION");
            assertThat(c.argv().length).isEqualTo(3);
            assertThat(new String(c.argv()[1], StandardCharsets.US_ASCII)).isEqualTo("LOAD");
            assertThat(new String(c.argv()[2], StandardCharsets.UTF_8)).startsWith("#!lua name=");
            assertThat(c.keyIndexes()).isEmpty();
            assertThat(c.splitId()).isEqualTo(file.toString());
        }
    }

    @Test
    void aDamagedFileFailsWithItsPathAndTheParsersMessage() {
        Path file = RdbCorpus.file("redis/corrupt_ziplist.rdb");
        assertThatThrownBy(() -> readAll(RdbFileSplit.of(file), 512))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("RDB file " + file + ": bad RDB at byte ")
                .hasMessageContaining("(key '")
                .hasMessageEndingWith("ziplist of 5 bytes is shorter than its 11-byte minimum (header and end marker)");
    }

    @Test
    void aTruncatedFileFailsWithItsPath(@TempDir Path dir) throws IOException {
        Path whole = RdbCorpus.file("redis-rdb-tools/multiple_databases.rdb");
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.rdb");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        assertThatThrownBy(() -> readAll(RdbFileSplit.of(cut), 512))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("RDB file " + cut + ": bad RDB");
    }

    @Test
    void aMissingFileFailsWithItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.rdb");
        assertThatThrownBy(() -> readAll(RdbFileSplit.of(missing), 512))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("RDB file " + missing + ": cannot open it");
    }

    @Test
    void readsSeveralSplitsOneAfterTheOther() throws Exception {
        Path a = RdbCorpus.file("redis-rdb-tools/multiple_databases.rdb");
        Path b = RdbCorpus.file("hdt3213-rdb/listpack.rdb");
        try (RdbFileSplitReader reader = new RdbFileSplitReader(metrics)) {
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(RdbFileSplit.of(a), RdbFileSplit.of(b))));
            List<RedisEvent> events = new ArrayList<>();
            int finished = 0;
            while (finished < 2) {
                Batch batch = fetch(reader);
                batch.records().forEach(r -> events.add(r.event()));
                finished += batch.finished() ? 1 : 0;
            }
            assertThat(events).extracting(RedisEvent::splitId).containsOnly(a.toString(), b.toString());
            assertThat(fetch(reader).records()).isEmpty();
            assertThat(events).hasSize(RdbCorpus.parse(a).size() + RdbCorpus.parse(b).size());
        }
    }

    /** A SourceOutput that keeps what it is given. */
    private static final class CollectingOutput implements org.apache.flink.api.connector.source.SourceOutput<RedisEvent> {
        private final List<RedisEvent> out;

        CollectingOutput(List<RedisEvent> out) {
            this.out = out;
        }

        @Override
        public void collect(RedisEvent record) {
            out.add(record);
        }

        @Override
        public void collect(RedisEvent record, long timestamp) {
            out.add(record);
        }

        @Override
        public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }
}
