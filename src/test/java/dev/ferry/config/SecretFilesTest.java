package dev.ferry.config;

import static dev.ferry.config.ConfigLoaderTest.MINIMAL;
import static dev.ferry.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${file:PATH}}: a secret read from a file, as Docker and Kubernetes mount them. */
class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void fileContentReplacesTheReferenceWithoutItsTrailingNewline() throws Exception {
        Path secret = Files.writeString(dir.resolve("redis_pw"), "s3cret-from-file\n");
        Path user = Files.writeString(dir.resolve("redis_user"), "ferry\r\n\n");
        FerryConfig c = parse("""
                [rdb_reader]
                filepath = "/tmp/dump.rdb"
                [redis_writer]
                address = "127.0.0.1:6380"
                username = "${file:%s}"
                password = "${file:%s}"
                """.formatted(user, secret));
        assertThat(c.redisWriter().password()).isEqualTo("s3cret-from-file");
        assertThat(c.redisWriter().username()).isEqualTo("ferry");
        assertThat(c.toString()).doesNotContain("s3cret-from-file");
    }

    @Test
    void worksInOverridesAndBesideOtherText() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "inner");
        FerryConfig c = ConfigLoader.parse(MINIMAL, "shake.toml", List.of("redis_writer.password=pre-${file:" + secret + "}-${X}"),
                Map.of("X", "env")::get);
        assertThat(c.redisWriter().password()).isEqualTo("pre-inner-env");
    }

    @Test
    void missingFileIsAConfigErrorNamingKeyAndFileButNoContent() {
        Path missing = dir.resolve("absent");
        assertThatThrownBy(() -> parse(MINIMAL.replace("[redis_writer]\n", "[redis_writer]\npassword = \"${file:" + missing + "}\"\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[redis_writer] password reads ${file:" + missing + "}")
                .hasMessageContaining(missing + " does not exist")
                .hasMessageContaining("shake.toml:")
                .hasMessageContaining("create it, or correct the path");
    }

    @Test
    void unreadableFileSaysWhyWithoutItsContent() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("a-directory"));
        assertThatThrownBy(() -> parse(MINIMAL.replace("[redis_writer]\n", "[redis_writer]\npassword = \"${file:" + folder + "}\"\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[redis_writer] password reads ${file:" + folder + "}")
                .hasMessageContaining("cannot be read");
    }
}
