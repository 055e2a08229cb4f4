package dev.ferry.sink.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.RedisServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** {@code ferry run -c CONFIG --cleanup} against a real target: Ferry's markers and stamps go, nothing else does. */
class MarkerCleanupTest {
    @RegisterExtension
    static RedisServerExtension target = RedisServerExtension.redis70();

    @TempDir
    Path dir;

    @Test
    void removesTheMarkersAndStampsUnderThePrefixAndNothingElse() throws Exception {
        try (Jedis j = target.jedis()) {
            for (int i = 0; i < 2_500; i++) {
                j.set("mig:applied:{" + i + "}", "batch 1 x@1");
            }
            j.set("mig:applied:w0", "batch 1 x@1");
            j.set("mig:stamp:w0", "7");
            j.set("mig:user-data", "kept");
            j.set("mig:tmp:{a}:0f", "kept");
            j.set("ferry:applied:w0", "another prefix: kept");
        }
        Path cfg = dir.resolve("ferry.toml");
        Files.writeString(cfg, """
                [sync_reader]
                address = "127.0.0.1:1"
                [redis_writer]
                address = "%s"
                [advanced]
                dir = "%s"
                marker_prefix = "mig:"
                """.formatted(target.server().address(), dir.resolve("data")));

        InProcessRun r = InProcessRun.of(cfg, "--cleanup");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Removed 2,502 marker keys (mig:applied:*, mig:stamp:w*) from target "
                + target.server().address());
        try (Jedis j = target.jedis()) {
            assertThat(j.keys("*")).containsExactlyInAnyOrder("mig:user-data", "mig:tmp:{a}:0f", "ferry:applied:w0");
        }
    }

    @Test
    void refusesToBeCombinedWithAMigration() throws Exception {
        Path cfg = dir.resolve("ferry.toml");
        Files.writeString(cfg, "[sync_reader]\naddress = \"127.0.0.1:1\"\n[redis_writer]\naddress = \""
                + target.server().address() + "\"\n");
        InProcessRun r = InProcessRun.of(cfg, "--cleanup", "--resume");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--cleanup removes Ferry's markers instead of migrating");
    }
}
