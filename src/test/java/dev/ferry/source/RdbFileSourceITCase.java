package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.RedisEventTypeInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RdbFileSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final List<String> FILES = List.of(
            "redis-replicator/dumpV8.rdb", "redis-rdb-tools/multiple_databases.rdb", "hdt3213-rdb/listpack.rdb");

    private static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false); // any Kryo fallback fails the job
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** The keys the stream delivered (function libraries, which these files have none of, would be commands). */
    private static List<KeyEvent> run(DataStream<RedisEvent> stream) throws Exception {
        List<KeyEvent> out = new ArrayList<>();
        try (CloseableIterator<RedisEvent> it = stream.executeAndCollect("rdb-source-test")) {
            it.forEachRemaining(e -> out.add((KeyEvent) e));
        }
        return out;
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void readsEveryKeyOfEveryFileOnce(int parallelism) throws Exception {
        RdbFileSource.Builder builder = RdbFileSource.builder();
        List<Path> files = FILES.stream().map(RdbCorpus::file).toList();
        files.forEach(builder::addFile);
        StreamExecutionEnvironment env = env(parallelism);
        DataStream<RedisEvent> stream = env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "rdb");
        assertThat(stream.getType()).isEqualTo(RedisEventTypeInfo.INSTANCE);

        List<KeyEvent> events = run(stream);

        List<String> expectedIds = new ArrayList<>();
        Map<String, byte[]> expectedPayloads = new HashMap<>();
        for (Path f : files) {
            for (RdbCorpus.Entry e : RdbCorpus.parse(f)) {
                expectedIds.add(e.id());
                expectedPayloads.put(f + "@" + e.offset(), e.payload());
            }
        }
        assertThat(expectedIds).hasSize(92_499 + RdbCorpus.parse(files.get(1)).size() + 3);

        List<String> actualIds = new ArrayList<>(events.stream().map(e -> RdbCorpus.Entry.id(e.db(), e.key())).toList());
        actualIds.sort(null);
        expectedIds.sort(null);
        assertThat(actualIds).isEqualTo(expectedIds); // the exact multiset of (db, key)

        List<String> wrongPayloads = new ArrayList<>();
        for (KeyEvent e : events) {
            byte[] expected = expectedPayloads.get(e.splitId() + "@" + e.position());
            if (!Arrays.equals(expected, e.payload())) {
                wrongPayloads.add(e.toString());
            }
        }
        assertThat(wrongPayloads).isEmpty();
        assertThat(events).extracting(KeyEvent::splitId).containsOnly(files.stream().map(Path::toString).toArray(String[]::new));
    }

    @Test
    void aDamagedFileFailsTheJobNamingTheFile() {
        Path corrupt = RdbCorpus.file("redis/corrupt_ziplist.rdb");
        RdbFileSource source = RdbFileSource.builder()
                .addFile(RdbCorpus.file("hdt3213-rdb/listpack.rdb"))
                .addFile(corrupt)
                .build();
        StreamExecutionEnvironment env = env(2);

        Throwable failure = catchThrowable(() -> run(env.fromSource(source, WatermarkStrategy.noWatermarks(), "rdb")));

        assertThat(failure).isNotNull();
        Throwable root = rootCause(failure);
        assertThat(root.getMessage())
                .startsWith("RDB file " + corrupt + ": bad RDB at byte ")
                .contains("ziplist of 5 bytes is shorter than its 11-byte minimum");
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
