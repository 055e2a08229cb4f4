package dev.ferry.config;

import static dev.ferry.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.resp.tls.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {

    static final String WITH_PASSWORD = """
            [rdb_reader]
            filepath = ["/a.rdb", "b.rdb"]
            [redis_writer]
            address = "127.0.0.1:6379"
            username = "ferry"
            password = "hunter2-secret"
            [advanced]
            ncpu = 4
            """;

    @Test
    void toStringMasksThePassword() {
        FerryConfig c = parse(WITH_PASSWORD);
        assertThat(c.toString()).doesNotContain("hunter2").contains("password=***", "username=ferry");
        assertThat(c.redisWriter().toString()).doesNotContain("hunter2").contains("password=***");
        assertThat(c.redisWriter().hasPassword()).isTrue();
        SentinelConfig s = new SentinelConfig("mymaster", "127.0.0.1:26379", "", "sentinel-secret", TlsSettings.OFF);
        assertThat(s.toString()).doesNotContain("sentinel-secret").contains("password=***");
        assertThat(new RedisWriterConfig("h:1", "", "pw", TlsSettings.OFF, false, false, s).toString())
                .doesNotContain("pw,").doesNotContain("sentinel-secret");
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(26379);
    }

    @Test
    void serializableForFlinkOperators() throws Exception {
        FerryConfig c = ConfigLoader.load(Path.of("conf/rdb_to_redis.toml"), List.of("redis_writer.password=x"));
        FerryConfig copy = roundTrip(c);
        assertThat(copy).isEqualTo(c);
        assertThat(copy.sourceFile()).isEqualTo(Path.of("conf/rdb_to_redis.toml"));
        FerryConfig fromText = parse(WITH_PASSWORD);
        assertThat(roundTrip(fromText)).isEqualTo(fromText);
        assertThat(roundTrip(fromText.redisWriter())).isEqualTo(fromText.redisWriter());
        SentinelConfig s = new SentinelConfig("m", "h:1", "u", "p", TlsSettings.defaultTrust("redis_writer.sentinel"));
        assertThat(roundTrip(s)).isEqualTo(s);
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void recordsAreImmutable() {
        List<Path> paths = new ArrayList<>(List.of(Path.of("/a.rdb")));
        RdbReaderConfig r = new RdbReaderConfig(paths);
        paths.add(Path.of("/b.rdb"));
        assertThat(r.filepaths()).containsExactly(Path.of("/a.rdb"));
        assertThatThrownBy(() -> r.filepaths().add(Path.of("/c.rdb"))).isInstanceOf(UnsupportedOperationException.class);
        FerryConfig c = parse(WITH_PASSWORD);
        assertThatThrownBy(() -> c.notes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recordsCheckTheirInvariants() {
        assertThatThrownBy(() -> new RdbReaderConfig(List.of())).isInstanceOf(IllegalArgumentException.class);
        FerryConfig c = parse(WITH_PASSWORD);
        assertThatThrownBy(() -> new FerryConfig(null, null, null, c.redisWriter(), c.advanced(), c.flink(), null, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one reader");
        assertThatThrownBy(() -> new RedisWriterConfig("nohost", "", "", TlsSettings.OFF, false, false, null).port())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void conflictPolicyErrorsListChoices() {
        assertThatThrownBy(() -> ConflictPolicy.parse("overwrite"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be one of \"panic\", \"rewrite\", \"skip\" or \"ignore\", got \"overwrite\"");
    }
}
