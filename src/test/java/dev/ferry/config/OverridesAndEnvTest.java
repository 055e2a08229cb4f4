package dev.ferry.config;

import static dev.ferry.config.ConfigLoaderTest.MINIMAL;
import static dev.ferry.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverridesAndEnvTest {

    @Test
    void overridesReplaceAndAddValues() {
        FerryConfig c = parse(MINIMAL + "[advanced]\nrdb_restore_command_behavior = \"panic\"\n",
                "advanced.rdb_restore_command_behavior=rewrite",
                "redis_writer.address=127.0.0.1:7000",
                "flink.parallelism=2",
                "flink.checkpoint_interval=500ms",
                "redis_writer.tls=true",
                "redis_writer.username=\"ferry\"",
                "rdb_reader.filepath=/other/dump.rdb");
        assertThat(c.advanced().rdbRestoreCommandBehavior()).isEqualTo(ConflictPolicy.REWRITE);
        assertThat(c.redisWriter().address()).isEqualTo("127.0.0.1:7000");
        assertThat(c.redisWriter().port()).isEqualTo(7000);
        assertThat(c.redisWriter().tls().enabled()).isTrue();
        assertThat(c.redisWriter().username()).isEqualTo("ferry");
        assertThat(c.flink().parallelism()).isEqualTo(2);
        assertThat(c.flink().checkpointInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.rdbReader().filepaths()).containsExactly(Path.of("/other/dump.rdb"));
    }

    @Test
    void overrideValuesAreTomlWhenTheyParse() {
        assertThat(parse(MINIMAL, "flink.checkpoint_interval=2000").flink().checkpointInterval())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(parse(MINIMAL, "rdb_reader.filepath=[\"/a.rdb\", \"/b.rdb\"]").rdbReader().filepaths())
                .containsExactly(Path.of("/a.rdb"), Path.of("/b.rdb"));
        assertThat(parse(MINIMAL, "redis_writer.password=").redisWriter().password()).isEmpty();
        assertThat(parse(MINIMAL, "redis_writer.password=p@ss word=1").redisWriter().password())
                .isEqualTo("p@ss word=1");
        assertThat(parse(MINIMAL, "REDIS_WRITER.Address=h:9").redisWriter().address()).isEqualTo("h:9");
    }

    @Test
    void overrideErrorsNameTheOverride() {
        assertThatThrownBy(() -> parse(MINIMAL, "advanced.pipline_count_limit=2"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown key 'pipline_count_limit' in [advanced] in --set 'advanced.pipline_count_limit'; "
                        + "did you mean 'pipeline_count_limit'?")
                .satisfies(e -> {
                    assertThat(((ConfigException) e).source()).isEqualTo("--set");
                    assertThat(((ConfigException) e).line()).isEqualTo(-1);
                });
        assertThatThrownBy(() -> parse(MINIMAL, "flink.parallelism=two"))
                .hasMessage("[flink] parallelism must be an integer, got string \"two\" in --set 'flink.parallelism'");
        assertThatThrownBy(() -> parse(MINIMAL, "advancd.dir=x"))
                .hasMessage("unknown section [advancd] in --set 'advancd.dir'; did you mean [advanced]?");
        assertThatThrownBy(() -> parse(MINIMAL, "parallelism=2"))
                .hasMessageStartingWith("--set 'parallelism=...' must name a section and a key");
        assertThatThrownBy(() -> parse(MINIMAL, "flink.parallelism"))
                .hasMessageStartingWith("--set 'flink.parallelism' must look like section.key=value");
        assertThatThrownBy(() -> parse(MINIMAL, "redis_writer.address.host=x"))
                .hasMessage("--set 'redis_writer.address.host': redis_writer.address is a value, not a table");
        assertThatThrownBy(() -> parse(MINIMAL, "sync_reader.address=127.0.0.1:6379"))
                .hasMessageStartingWith("only one reader section is allowed, found [rdb_reader] and [sync_reader] "
                        + "in --set 'sync_reader.address'");
    }

    @Test
    void environmentVariablesExpandInStrings() {
        Map<String, String> env = Map.of("REDIS_PASSWORD", "s3cret", "DUMP_DIR", "/backups");
        FerryConfig c = ConfigLoader.parse("""
                [rdb_reader]
                filepath = "${DUMP_DIR}/dump.rdb"
                [redis_writer]
                address = "${TARGET:-127.0.0.1:6380}"
                password = "${REDIS_PASSWORD}"
                username = "literal-$${NOT_EXPANDED}"
                """, "shake.toml", List.of(), env::get);
        assertThat(c.rdbReader().filepaths()).containsExactly(Path.of("/backups/dump.rdb"));
        assertThat(c.redisWriter().address()).isEqualTo("127.0.0.1:6380");
        assertThat(c.redisWriter().password()).isEqualTo("s3cret");
        assertThat(c.redisWriter().username()).isEqualTo("literal-${NOT_EXPANDED}");
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void environmentVariablesExpandInOverrides() {
        FerryConfig c = ConfigLoader.parse(MINIMAL, "shake.toml", List.of("redis_writer.password=${PW}"),
                Map.of("PW", "from-env")::get);
        assertThat(c.redisWriter().password()).isEqualTo("from-env");
    }

    @Test
    void missingVariableInOverride() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL, "shake.toml", List.of("redis_writer.password=${PW}"),
                Map.<String, String>of()::get))
                .hasMessage("environment variable PW is not set; [redis_writer] password refers to it in --set "
                        + "'redis_writer.password'; set PW or write ${PW:-default}");
    }
}
