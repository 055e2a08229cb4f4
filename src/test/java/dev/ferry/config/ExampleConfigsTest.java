package dev.ferry.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.resp.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExampleConfigsTest {

    static Stream<Path> confFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("conf"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
            assertThat(list).isNotEmpty();
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("confFiles")
    void everyExampleLoads(Path file) {
        FerryConfig c = ConfigLoader.load(file, List.of(), Map.<String, String>of()::get);
        assertThat(c.sourceFile()).isEqualTo(file);
        assertThat(c.redisWriter().host()).isEqualTo("127.0.0.1");
        if (c.rdbReader() != null) {
            assertThat(c.rdbReader().filepaths()).allSatisfy(p -> assertThat(p).isAbsolute());
        } else {
            assertThat(((Addressed) c.reader()).host()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void syncToRedisExample() {
        FerryConfig c = ConfigLoader.load(Path.of("conf/sync_to_redis.toml"), List.of(),
                Map.of("SOURCE_PASSWORD", "spw")::get);
        assertThat(c.reader()).isEqualTo(new SyncReaderConfig("127.0.0.1:6379", "", "spw", TlsSettings.OFF, true, true));
        assertThat(c.redisWriter().address()).isEqualTo("127.0.0.1:6380");
        assertThat(c.flink().parallelism()).isEqualTo(1);
        assertThat(c.notes()).isEmpty();
    }

    @Test
    void scanToRedisExample() {
        FerryConfig c = ConfigLoader.load(Path.of("conf/scan_to_redis.toml"), List.of(),
                Map.of("SOURCE_PASSWORD", "spw")::get);
        assertThat(c.reader()).isEqualTo(new ScanReaderConfig("127.0.0.1:6379", "", "spw", TlsSettings.OFF, false, List.of(), true, 100,
                false, false, 0));
        assertThat(c.redisWriter().address()).isEqualTo("127.0.0.1:6380");
        assertThat(c.notes()).isEmpty();
    }

    @Test
    void rdbToRedisExample() {
        FerryConfig c = ConfigLoader.load(Path.of("conf/rdb_to_redis.toml"), List.of(),
                Map.of("REDIS_PASSWORD", "pw")::get);
        assertThat(c.rdbReader().filepaths()).containsExactly(Path.of("/var/backups/redis/dump.rdb"));
        assertThat(c.redisWriter().address()).isEqualTo("127.0.0.1:6379");
        assertThat(c.redisWriter().password()).isEqualTo("pw");
        assertThat(c.notes()).isEmpty();
        // without the variable the password is empty (${REDIS_PASSWORD:-})
        assertThat(ConfigLoader.load(Path.of("conf/rdb_to_redis.toml"), List.of(), Map.<String, String>of()::get)
                .redisWriter().password()).isEmpty();
    }

    @Test
    void shakeCompatibleExampleLoadsWithNotes() {
        FerryConfig c = ConfigLoader.load(Path.of("conf/shake_compatible.toml"), List.of(),
                Map.<String, String>of()::get);
        assertThat(c.redisWriter().address()).isEqualTo("127.0.0.1:6380");
        assertThat(c.advanced().targetRedisClientMaxQuerybufLen()).isEqualTo(1073741824L);
        assertThat(c.advanced().rdbRestoreCommandBehavior()).isEqualTo(ConflictPolicy.PANIC);
        assertThat(c.notes()).containsExactly(
                "[advanced] ncpu is ignored: Ferry's parallelism is [flink] parallelism",
                "[advanced] pprof_port is ignored: Ferry runs on the JVM; profile it with JFR or a Java profiler",
                "[advanced] log_file is ignored: Ferry logs through Log4j 2; configure log files there",
                "[advanced] aws_psync is ignored: it only applies to RedisShake's [sync_reader] from AWS ElastiCache",
                "[filter] is ignored: all its rules are empty, so every key is migrated",
                "[module] target_mbbloom_version is ignored: Ferry does not convert RedisBloom (MBbloom) module data");
    }
}
