package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** {@code ferry run} as a user runs it: real source snapshot, real target, MiniCluster in this JVM. */
class RunCommandITCase {
    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> TestData.fillMixed(j, 1));

    @TempDir
    Path dir;

    @Test
    void migratesSnapshotSoTargetEqualsSource() throws Exception {
        InProcessRun r = InProcessRun.of(config(servers.source().rdbFile(), servers.target().address(), "panic"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Migration finished");
        assertEqual();
        try (Jedis s = servers.source().jedis(); Jedis t = servers.target().jedis()) {
            assertThat(t.functionListWithCode("ferrytest")).singleElement()
                    .satisfies(lib -> assertThat(lib.getLibraryCode()).isEqualTo(s.functionListWithCode("ferrytest").get(0).getLibraryCode()));
        }
        assertThat(r.out()).containsPattern("commands written +1 ");
    }

    @Test
    void panicStopsOnFirstConflictNamingKeyAndSettings() throws Exception {
        try (Jedis t = servers.target().jedis()) {
            t.set("str:embstr", "other value");
        }
        InProcessRun r = InProcessRun.of(config(servers.source().rdbFile(), servers.target().address(), "panic"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("str:embstr", "db 0", servers.target().address(), "rewrite", "ignore", "empty_db_before_sync");
    }

    @Test
    void rewriteAndIgnoreRecordConflicts() throws Exception {
        try (Jedis t = servers.target().jedis()) {
            t.set("str:embstr", "other value");
        }
        InProcessRun r = InProcessRun.of(config(servers.source().rdbFile(), servers.target().address(), "ignore"));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("data/conflicts.jsonl"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"key\":\"str:embstr\"", "\"action\":\"skipped\"", "\"policy\":\"ignore\"");
        try (Jedis t = servers.target().jedis()) {
            assertThat(t.get("str:embstr")).isEqualTo("other value");
        }

        InProcessRun again = InProcessRun.of(config(servers.source().rdbFile(), servers.target().address(), "rewrite"));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("data/conflicts.jsonl"))).as("this run's conflicts only").singleElement()
                .asString().contains("\"action\":\"rewritten\"");
        Path earlier;
        try (var files = Files.list(dir.resolve("data"))) {
            earlier = files.filter(f -> f.getFileName().toString().matches("conflicts\\.\\d{8}-\\d{6}\\.jsonl")).findFirst()
                    .orElseThrow(() -> new AssertionError("the first run's conflicts were not kept aside"));
        }
        assertThat(again.out()).contains("The earlier run's conflicts are kept in " + earlier);
        assertThat(Files.readAllLines(earlier)).singleElement().asString().contains("\"action\":\"skipped\"");
        assertEqual();
    }

    @Test
    void reRunOfFinishedMigrationIsNotAConflict() throws Exception {
        assertThat(InProcessRun.of(config(servers.source().rdbFile(), servers.target().address(), "panic")).code()).isZero();
        InProcessRun again = InProcessRun.of(config(servers.source().rdbFile(), servers.target().address(), "panic"));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).containsPattern("identical on target\\s+[1-9]");
    }

    @Test
    void badInputGetsOneClearLineAndExitCode() throws Exception {
        InProcessRun corrupt = InProcessRun.of(config(Path.of("../shared/rdb-corpus/redis/corrupt_ziplist.rdb").toAbsolutePath(), servers.target().address(), "panic"));
        assertThat(corrupt.code()).isEqualTo(2);
        assertThat(corrupt.err()).contains("corrupt_ziplist.rdb", "ziplist");

        Path unknownKey = dir.resolve("typo.toml");
        Files.writeString(unknownKey, Files.readString(config(servers.source().rdbFile(), servers.target().address(), "panic")) + "pipline_count_limit = 3\n");
        InProcessRun typo = InProcessRun.of(unknownKey);
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("pipline_count_limit", "pipeline_count_limit");

        InProcessRun unreachable = InProcessRun.of(config(servers.source().rdbFile(), "127.0.0.1:1", "panic"));
        assertThat(unreachable.code()).isEqualTo(2);
        assertThat(unreachable.err()).contains("cannot connect", "127.0.0.1:1", "[redis_writer]");
    }

    @Test
    void stopWhenConsistentOnAnRdbSourceChangesNothingAndItsWindowNeedsTheFlag() throws Exception {
        Path cfg = config(servers.source().rdbFile(), servers.target().address(), "panic");
        InProcessRun r = InProcessRun.of(cfg, "--stop-when-consistent");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("--stop-when-consistent: the source is bounded ([rdb_reader])", "Migration finished");
        assertEqual();

        InProcessRun alone = InProcessRun.of(cfg, "--consistent-for", "2s");
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err()).contains("--consistent-for only applies with --stop-when-consistent");
        InProcessRun notADuration = InProcessRun.of(cfg, "--stop-when-consistent", "--consistent-for", "soon");
        assertThat(notADuration.code()).isEqualTo(2);
        assertThat(notADuration.err()).contains("'soon' is not a duration");
    }

    @Test
    void wrongPasswordIsClearAndNeverPrinted() throws Exception {
        try (LocalRedisServer secured = LocalRedisServer.start(RedisBinary.redis70(), null, List.of("--requirepass", "right-secret"))) {
            Path cfg = config(servers.source().rdbFile(), secured.address(), "panic");
            Files.writeString(cfg, Files.readString(cfg).replace("[redis_writer]\n", "[redis_writer]\npassword = \"wrong-secret-42\"\n"));
            InProcessRun r = InProcessRun.of(cfg);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("authentication", secured.address(), "[redis_writer]");
            assertThat(r.out() + r.err()).doesNotContain("wrong-secret-42").doesNotContain("right-secret");
        }
    }

    private void assertEqual() {
        servers.assertTargetEqualsSource();
    }

    private Path config(Path rdb, String address, String policy) {
        return MigrationConfig.rdbToRedis(rdb, address, dir).policy(policy).write();
    }

}
