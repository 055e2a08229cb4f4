package dev.ferry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.resp.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    static final String MINIMAL = """
            [rdb_reader]
            filepath = "/tmp/dump.rdb"

            [redis_writer]
            address = "127.0.0.1:6379"
            """;

    static FerryConfig parse(String toml, String... overrides) {
        return ConfigLoader.parse(toml, "shake.toml", List.of(overrides), Map.<String, String>of()::get);
    }

    @Test
    void defaultsMatchRedisShake() {
        FerryConfig c = parse(MINIMAL);

        assertThat(c.rdbReader().filepaths()).containsExactly(Path.of("/tmp/dump.rdb"));
        assertThat(c.reader()).isSameAs(c.rdbReader());
        assertThat(c.reader().section()).isEqualTo("rdb_reader");

        RedisWriterConfig w = c.redisWriter();
        assertThat(w.address()).isEqualTo("127.0.0.1:6379");
        assertThat(w.host()).isEqualTo("127.0.0.1");
        assertThat(w.port()).isEqualTo(6379);
        assertThat(w.username()).isEmpty();
        assertThat(w.password()).isEmpty();
        assertThat(w.tls()).isEqualTo(TlsSettings.OFF);
        assertThat(w.cluster()).isFalse();
        assertThat(w.offReply()).isFalse();
        assertThat(w.sentinel()).isNull();

        AdvancedConfig a = c.advanced();
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(a.dir()).isEqualTo(cwd.resolve("data"));
        assertThat(a.logLevel()).isEqualTo("info");
        assertThat(a.logInterval()).isEqualTo(5);
        assertThat(a.rdbRestoreCommandBehavior()).isEqualTo(ConflictPolicy.PANIC);
        assertThat(a.pipelineCountLimit()).isEqualTo(1024);
        assertThat(a.targetRedisClientMaxQuerybufLen()).isEqualTo(1_024_000_000L);
        assertThat(a.targetRedisProtoMaxBulkLen()).isZero();
        assertThat(a.rewriteBatchSize()).isEqualTo(512);
        assertThat(a.emptyDbBeforeSync()).isFalse();
        assertThat(a.statusPort()).isZero();
        assertThat(a).isEqualTo(AdvancedConfig.defaults());

        FlinkConfig f = c.flink();
        assertThat(f.parallelism()).isEqualTo(1);
        assertThat(f.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(f.checkpointDir()).isEqualTo(cwd.resolve("data").resolve("checkpoints"));

        assertThat(c.notes()).isEmpty();
        assertThat(c.sourceFile()).isNull();
    }

    @Test
    void checkpointDirFollowsAdvancedDir() {
        FerryConfig c = parse(MINIMAL + "[advanced]\ndir = \"/var/lib/ferry\"\n");
        assertThat(c.advanced().dir()).isEqualTo(Path.of("/var/lib/ferry"));
        assertThat(c.flink().checkpointDir()).isEqualTo(Path.of("/var/lib/ferry/checkpoints"));
    }

    @Test
    void everyKeySet() {
        FerryConfig c = parse("""
                [rdb_reader]
                filepath = ["/a/one.rdb", "/a/two.rdb"]
                [redis_writer]
                address = "[::1]:7000"
                username = "ferry"
                password = "s3cret"
                tls = true
                off_reply = true
                [advanced]
                dir = "/d"
                log_level = "DEBUG"
                log_interval = 0
                rdb_restore_command_behavior = "rewrite"
                pipeline_count_limit = 64
                target_redis_client_max_querybuf_len = 2_000_000
                target_redis_proto_max_bulk_len = 0
                rewrite_batch_size = 100
                empty_db_before_sync = true
                status_port = 8080
                marker_prefix = "mig:"
                [flink]
                parallelism = 4
                checkpoint_interval = 2500
                checkpoint_dir = "/ckpt"
                delivery = "exactly-once"
                """);
        assertThat(c.rdbReader().filepaths()).containsExactly(Path.of("/a/one.rdb"), Path.of("/a/two.rdb"));
        assertThat(c.redisWriter()).isEqualTo(
                new RedisWriterConfig("[::1]:7000", "ferry", "s3cret", TlsSettings.defaultTrust("redis_writer"), false, true, null));
        assertThat(c.redisWriter().host()).isEqualTo("::1");
        assertThat(c.redisWriter().port()).isEqualTo(7000);
        assertThat(c.advanced()).isEqualTo(new AdvancedConfig(Path.of("/d"), "debug", 0, ConflictPolicy.REWRITE,
                64, 2_000_000L, 0L, 100, true, 8080, 0L, "mig:"));
        assertThat(c.flink()).isEqualTo(new FlinkConfig(4, Duration.ofMillis(2500), Path.of("/ckpt"), Delivery.EXACTLY_ONCE));
    }

    @Test
    void relativeRdbPathResolvesAgainstWorkingDirectoryWithNote() {
        FerryConfig c = parse("[rdb_reader]\nfilepath = \"backup/dump.rdb\"\n[redis_writer]\naddress = \"h:1\"\n");
        Path expected = Path.of("").toAbsolutePath().resolve("backup/dump.rdb");
        assertThat(c.rdbReader().filepaths()).containsExactly(expected);
        assertThat(c.notes()).singleElement().asString().contains("relative", expected.toString());
    }

    @Test
    void protoMaxBulkLenZeroIsTheTargetsOwnWithANoteForRedisShakeUsers() {
        FerryConfig c = parse(MINIMAL + "[advanced]\ntarget_redis_proto_max_bulk_len = 0\n");
        assertThat(c.advanced().targetRedisProtoMaxBulkLen()).isZero();
        assertThat(c.notes()).singleElement().asString().contains("target's own proto-max-bulk-len", "RedisShake", "set it to 1");
        assertThat(parse(MINIMAL).notes()).isEmpty();
    }

    @Test
    void skipIsIgnore() {
        assertThat(parse(MINIMAL + "[advanced]\nrdb_restore_command_behavior = \"skip\"\n")
                .advanced().rdbRestoreCommandBehavior()).isEqualTo(ConflictPolicy.IGNORE);
        assertThat(parse(MINIMAL + "[advanced]\nrdb_restore_command_behavior = \"Ignore\"\n")
                .advanced().rdbRestoreCommandBehavior()).isEqualTo(ConflictPolicy.IGNORE);
        assertThat(ConflictPolicy.parse("REWRITE")).isEqualTo(ConflictPolicy.REWRITE);
        assertThat(ConflictPolicy.parse("panic")).isEqualTo(ConflictPolicy.PANIC);
        assertThat(ConflictPolicy.IGNORE.redisShakeName()).isEqualTo("skip");
    }

    @Test
    void badConflictPolicyListsChoices() {
        assertThatThrownBy(() -> parse(MINIMAL + "[advanced]\nrdb_restore_command_behavior = \"replace\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[advanced] rdb_restore_command_behavior must be one of \"panic\", \"rewrite\", \"skip\" "
                        + "or \"ignore\", got \"replace\" at shake.toml:7");
    }

    @Test
    void keysAreCaseInsensitiveLikeRedisShake() {
        FerryConfig c = parse("[RDB_Reader]\nFilePath = \"/x.rdb\"\n[redis_writer]\nAddress = \"h:1\"\n");
        assertThat(c.redisWriter().address()).isEqualTo("h:1");
    }

    @Test
    void durations() {
        assertThat(parse(MINIMAL + "[flink]\ncheckpoint_interval = \"500ms\"").flink().checkpointInterval())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(parse(MINIMAL + "[flink]\ncheckpoint_interval = \"1m\"").flink().checkpointInterval())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(parse(MINIMAL + "[flink]\ncheckpoint_interval = \"1.5s\"").flink().checkpointInterval())
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(parse(MINIMAL + "[flink]\ncheckpoint_interval = \"PT2H\"").flink().checkpointInterval())
                .isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> parse(MINIMAL + "[flink]\ncheckpoint_interval = \"10 parsecs\""))
                .hasMessageStartingWith("[flink] checkpoint_interval is not a duration: string \"10 parsecs\" at shake.toml:7;");
        assertThatThrownBy(() -> parse(MINIMAL + "[flink]\ncheckpoint_interval = 5"))
                .hasMessageContaining("must be at least 10ms");
        assertThatThrownBy(() -> parse(MINIMAL + "[flink]\ncheckpoint_interval = 1.5"))
                .hasMessageContaining("got float 1.5");
    }

    @Test
    void nineteenDigitIntegersAreReadExactly() {
        // jackson-dataformat-toml 2.20.1 alone reads 1000000000000000000 as 0
        FerryConfig c = parse(MINIMAL + "[advanced]\ntarget_redis_proto_max_bulk_len = 1000000000000000000 # 1e18\n"
                + "target_redis_client_max_querybuf_len = 9_223_372_036_854_775_807\n");
        assertThat(c.advanced().targetRedisProtoMaxBulkLen()).isEqualTo(1_000_000_000_000_000_000L);
        assertThat(c.advanced().targetRedisClientMaxQuerybufLen()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> parse(MINIMAL, "advanced.pipeline_count_limit=1000000000000000000"))
                .hasMessageContaining("got 1000000000000000000");
    }

    @Test
    void offReplyNeedsANonPanicPolicy() {
        assertThatThrownBy(() -> parse(MINIMAL + "off_reply = true\n"))
                .hasMessageStartingWith("[redis_writer] off_reply = true cannot be combined with [advanced] "
                        + "rdb_restore_command_behavior = \"panic\"")
                .hasMessageContaining("at shake.toml:6");
        assertThat(parse(MINIMAL + "off_reply = true\n[advanced]\nrdb_restore_command_behavior = \"skip\"\n")
                .redisWriter().offReply()).isTrue();
    }

    @Test
    void loadsFromFileAndNamesItInErrors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("ferry.toml");
        java.nio.file.Files.writeString(file, MINIMAL);
        FerryConfig c = ConfigLoader.load(file, List.of());
        assertThat(c.sourceFile()).isEqualTo(file);

        java.nio.file.Files.writeString(file, MINIMAL + "[advanced]\nlog_level = \"loud\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[advanced] log_level must be one of \"debug\", \"info\", \"warn\", \"error\", got string "
                        + "\"loud\" at " + file + ":7")
                .satisfies(e -> {
                    assertThat(((ConfigException) e).source()).isEqualTo(file.toString());
                    assertThat(((ConfigException) e).line()).isEqualTo(7);
                });

        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.toml"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read config file").hasMessageContaining("missing.toml");
    }

    @Test
    void byteOrderMarkIsAccepted() {
        assertThat(parse("\uFEFF" + MINIMAL).redisWriter().port()).isEqualTo(6379);
    }
}
