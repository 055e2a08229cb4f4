package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * No password in anything Ferry writes: {@code ferry check}, {@code run} and {@code verify} in JVMs of their own, as a
 * user starts them, with Ferry logging at DEBUG and Flink at INFO, between a source and a target that each only let in
 * an ACL user. Their stdout and stderr and every file under {@code [advanced] dir} (conflicts, spool, checkpoints,
 * verify report) are searched for the passwords. The source's password comes from a file ({@code ${file:...}}).
 */
class SecretsNeverLoggedITCase {
    private static final String SOURCE_PASSWORD = "src-Pw-4f7c1e9a-never-printed";
    private static final String TARGET_PASSWORD = "tgt-Pw-b20d6e55-never-printed";
    private static final String ADMIN_PASSWORD = "admin-Pw-6a1f";
    private static final Map<String, String> VERBOSE = Map.of("FERRY_LOG_LEVEL", "DEBUG", "FERRY_FLINK_LOG_LEVEL", "INFO");
    private static final Duration TIMEOUT = Duration.ofSeconds(150);

    static LocalRedisServer source;
    static LocalRedisServer target;

    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        source = LocalRedisServer.start(RedisBinary.redis70(), null, List.of("--requirepass", ADMIN_PASSWORD));
        target = LocalRedisServer.start(RedisBinary.redis70(), null, List.of("--requirepass", ADMIN_PASSWORD));
        try (Jedis s = source.jedis(60_000); Jedis t = target.jedis()) {
            s.aclSetUser("ferry", "on", ">" + SOURCE_PASSWORD, "~*", "&*", "+@all");
            t.aclSetUser("ferry", "on", ">" + TARGET_PASSWORD, "~*", "&*", "+@all");
            TestData.fillMixed(s, 1);
        }
    }

    @AfterAll
    static void stop() {
        source.close();
        target.close();
    }

    @Test
    void checkRunAndVerifyWithAclUsersOnBothSidesPrintNoPassword() throws Exception {
        try (Jedis t = target.jedis()) {
            t.set("str:embstr", "the target's own value"); // a conflict, so conflicts.jsonl has a line
        }
        Path cfg = config(SOURCE_PASSWORD);
        String printed = ferry("check", cfg, 0) + ferry("run", cfg, 0) + ferry("verify", cfg, 0);
        SourceAndTarget.assertEqual(source, target);
        assertThat(printed).as("logged as verbosely as Ferry and Flink go").contains("Migration finished", "acl: user ferry",
                "INFO  MiniCluster", "EQUAL");
        assertThat(dir.resolve("data/conflicts.jsonl")).content().contains("str:embstr", "rewritten");
        assertThat(dir.resolve("data/verify")).isDirectory();

        assertNoPassword(printed + everyFileUnder(dir.resolve("data")));
    }

    @Test
    void wrongSourcePasswordIsOneClearLineWithNeitherPassword() throws Exception {
        String printed = ferry("run", config("not-" + SOURCE_PASSWORD), 2);
        assertThat(printed).contains("ferry run: authentication to [sync_reader] at " + source.address() + " failed: WRONGPASS",
                "check [sync_reader] username and password");
        assertNoPassword(printed + everyFileUnder(dir));
        assertThat(printed).doesNotContain("not-src-Pw");
    }

    private static void assertNoPassword(String text) {
        assertThat(text).doesNotContain(SOURCE_PASSWORD).doesNotContain(TARGET_PASSWORD).doesNotContain(ADMIN_PASSWORD);
    }

    /** Runs {@code ferry COMMAND -c CFG} in its own JVM and returns what it printed. */
    private String ferry(String command, Path cfg, int expectedExit) {
        try (FerryProcess p = FerryProcess.start(dir.resolve(command + ".out"), VERBOSE, command, "-c", cfg.toString())) {
            assertThat(p.waitFor(TIMEOUT)).as("ferry %s:\n%s", command, p.output()).isEqualTo(expectedExit);
            return p.output();
        }
    }

    /** The source's password is read from a file, the target's written in the config. */
    private Path config(String sourcePassword) throws IOException {
        Path secret = Files.writeString(dir.resolve("source_password"), sourcePassword + "\n");
        Path file = dir.resolve("ferry.toml");
        Files.writeString(file, """
                [sync_reader]
                address = "%s"
                username = "ferry"
                password = "${file:%s}"
                sync_aof = false
                [redis_writer]
                address = "%s"
                username = "ferry"
                password = "%s"
                [advanced]
                dir = "%s"
                rdb_restore_command_behavior = "rewrite"
                [flink]
                checkpoint_interval = "300ms"
                """.formatted(source.address(), secret, target.address(), TARGET_PASSWORD, dir.resolve("data")));
        return file;
    }

    /** Every file's bytes as text (binary ones too: a password is ASCII wherever it would be). */
    private static String everyFileUnder(Path root) {
        if (!Files.exists(root)) {
            return "";
        }
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("ferry.toml")
                    && !f.getFileName().toString().equals("source_password")).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }
}
