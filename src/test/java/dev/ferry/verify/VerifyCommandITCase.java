package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.MonitorTrigger;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.RestoreParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code ferry verify} between real servers: the mixed data set (every type and encoding, streams with groups and
 * pending entries, TTLs, dbs 0, 1 and 5) plus a 2,000-field hash, copied to the target with DUMP/RESTORE. Run with
 * {@code --big-key-threshold 100}, so collections over 100 elements take the chunked path.
 */
class VerifyCommandITCase {
    private static final String BIG_HASH = "big:hash";
    private static final int BIG_HASH_FIELDS = 2000;

    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> {
        TestData.fillMixed(j, 2);
        j.select(0);
        Map<String, String> fields = new TreeMap<>();
        for (int i = 0; i < BIG_HASH_FIELDS; i++) {
            fields.put("field-" + i, "value-" + i);
        }
        j.hset(BIG_HASH, fields);
    });

    @TempDir
    Path dir;

    @Test
    void aCleanCopyIsEqualInFullLengthAndOutlineModes() throws Exception {
        copySourceToTarget();
        for (String mode : List.of("full", "length", "outline")) {
            InProcessRun r = verify(liveConfig(), "--mode", mode, "--extra");
            assertThat(r.code()).as(mode + ": " + r.out() + r.err()).isZero();
            assertThat(r.out()).contains("EQUAL", "keys compared");
            assertThat(differences()).as(mode).isEmpty();
            assertThat(report().get("compared").asLong()).isEqualTo(servers.sourceKeys());
        }
        Path scan = writeConfig("[scan_reader]\naddress = \"" + servers.source().address() + "\"\n[redis_writer]\naddress = \""
                + servers.target().address() + "\"\n");
        InProcessRun r = verify(scan);
        assertThat(r.code()).as("a [scan_reader] source: " + r.out() + r.err()).isZero();
        assertThat(report().get("compared").asLong()).isEqualTo(servers.sourceKeys());
    }

    @Test
    void anRdbFileSourceEqualsATargetHoldingTheSameKeys() throws Exception {
        copySourceToTarget();
        Path cfg = MigrationConfig.rdbToRedis(servers.source().rdbFile(), servers.target().address(), dir).write();
        InProcessRun r = verify(cfg, "--extra");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(report().get("compared").asLong()).isEqualTo(servers.sourceKeys());
    }

    @Test
    void oneDifferenceOfEachKindIsReportedOnce() throws Exception {
        copySourceToTarget();
        try (Jedis t = servers.target().jedis()) {
            t.del("str:embstr");                                   // missing
            t.set("only:on:target", "x");                             // extra
            t.del("list:small");                                      // other type
            t.sadd("list:small", "a");
            t.hset(BIG_HASH, "field-1234", "value-changed");          // other value in a big hash
            t.pexpire("ttl:far:0", 3_600_000);                        // other TTL (an hour: it must outlive the test)
            TestData.cmd(t, "XGROUP", "CREATE", "stream:events", "g3", "0"); // another stream group
        }
        List<List<String>> engines = List.of(List.of(), List.of("--flink", "--set", "flink.parallelism=2"));
        for (Path cfg : List.of(liveConfig(), MigrationConfig.rdbToRedis(servers.source().rdbFile(), servers.target().address(), dir).write())) {
          long inProcess = -1;
          for (List<String> engine : engines) {
            List<String> args = new ArrayList<>(engine);
            args.add("--extra");
            InProcessRun r = verify(cfg, args.toArray(String[]::new));
            assertThat(r.code()).as(engine + r.out() + r.err()).isEqualTo(1);
            long compared = report().get("compared").asLong();
            assertThat(compared).as(engine + " " + cfg).isGreaterThanOrEqualTo(servers.sourceKeys());
            assertThat(inProcess).as("the job compares what the threads compare").isIn(-1L, compared);
            inProcess = compared;
            Map<String, String> byKey = new TreeMap<>();
            for (JsonNode d : differences()) {
                assertThat(byKey.put(d.get("key").asText(), d.get("kind").asText() + ": " + d.get("detail").asText()))
                        .as("reported once: " + d).isNull();
            }
            assertThat(byKey).as(cfg.toString()).containsOnlyKeys("str:embstr", "only:on:target", "list:small", BIG_HASH,
                    "ttl:far:0", "stream:events");
            assertThat(byKey.get("str:embstr")).startsWith("missing");
            assertThat(byKey.get("only:on:target")).startsWith("extra");
            assertThat(byKey.get("list:small")).startsWith("type: list on source, set on target");
            assertThat(byKey.get(BIG_HASH)).startsWith("value");
            assertThat(byKey.get("ttl:far:0")).startsWith("ttl");
            assertThat(byKey.get("stream:events")).startsWith("value");
            assertThat(String.join("\n", byKey.values())).doesNotContain("value-changed");
            JsonNode kinds = report().get("differences");
            assertThat(kinds.get("missing").asLong()).isEqualTo(1);
            assertThat(kinds.get("extra").asLong()).isEqualTo(1);
            assertThat(kinds.get("type").asLong()).isEqualTo(1);
            assertThat(kinds.get("value").asLong()).isEqualTo(2);
            assertThat(kinds.get("ttl").asLong()).isEqualTo(1);
          }
        }
        assertThat(verify(liveConfig(), "--mode", "length").code()).as("length mode sees the missing key").isEqualTo(1);
    }

    @Test
    void aKeyChangedOnTheSourceDuringTheFirstRoundIsNotReportedAfterThreeRounds() throws Exception {
        copySourceToTarget();
        byte[] original = dumpOf(servers.source(), "str:embstr");
        try (Jedis s = servers.source().jedis()) {
            s.set("str:embstr", "changed on the source");
        }
        // the migration applies the change to the target right after round 1 read the key there
        try (MonitorTrigger migration = MonitorTrigger.on(servers.target(), "\"DUMP\" \"str:embstr\"",
                t -> t.set("str:embstr", "changed on the source"))) {
            InProcessRun r = verify(liveConfig(), "--rounds", "3", "--interval", "2s");
            migration.awaitFired();
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(report().get("differing_per_round").get(0).asLong()).as("round 1 saw it: " + r.out()).isEqualTo(1);
            assertThat(differences()).isEmpty();
        } finally {
            try (Jedis s = servers.source().jedis()) {
                s.restore("str:embstr".getBytes(StandardCharsets.UTF_8), 0, original, RestoreParams.restoreParams().replace());
            }
        }
    }

    /**
     * A key missing on the target in round 1 that expires on the source before round 2 (its TTL is cut short right after
     * round 1 read it): gone from both sides, it is not a difference. The report is also printed on stdout as JSON.
     */
    @Test
    void aKeyThatExpiresBetweenRoundsIsNotADifference() throws Exception {
        copySourceToTarget();
        try (Jedis s = servers.source().jedis()) {
            s.set("short:lived", "v", SetParams.setParams().px(600_000));
        }
        try (MonitorTrigger expiry = MonitorTrigger.on(servers.source(), "\"PTTL\" \"short:lived\"",
                s -> s.pexpire("short:lived", 50))) {
            InProcessRun r = verify(liveConfig(), "--rounds", "2", "--interval", "1s", "--format", "json");
            expiry.awaitFired();

            assertThat(r.code()).as(r.out() + r.err()).isZero();
            JsonNode printed = new ObjectMapper().readTree(r.out());
            assertThat(printed).as("stdout is report.json").isEqualTo(report());
            assertThat(printed.get("differing_per_round").get(0).asLong()).as("round 1 found it missing").isEqualTo(1);
            assertThat(printed.get("differing_per_round").get(1).asLong()).as("round 2, after it expired").isZero();
            assertThat(differences()).isEmpty();
        } finally {
            try (Jedis s = servers.source().jedis()) {
                s.del("short:lived");
            }
        }
    }

    @Test
    void anUnreachableTargetIsOneLineAndExitTwo() throws Exception {
        Path cfg = writeConfig("[sync_reader]\naddress = \"" + servers.source().address() + "\"\n[redis_writer]\naddress = \"127.0.0.1:1\"\n");
        InProcessRun r = verify(cfg);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("ferry verify: ").contains("127.0.0.1:1").doesNotContain("\n");
    }

    private static byte[] dumpOf(LocalRedisServer server, String key) {
        try (Jedis j = server.jedis()) {
            return j.dump(key);
        }
    }

    /** DUMP + PTTL on the source, RESTORE on the target, for dbs 0, 1 and 5. */
    private static void copySourceToTarget() {
        try (Jedis s = servers.source().jedis(); Jedis t = servers.target().jedis()) {
            for (int db : new int[] {0, 1, 5}) {
                s.select(db);
                t.select(db);
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<byte[]> page = s.scan(cursor.getBytes(StandardCharsets.UTF_8), new ScanParams().count(1000));
                    for (byte[] key : page.getResult()) {
                        long ttl = s.pttl(key);
                        t.restore(key, ttl > 0 ? ttl : 0, s.dump(key), RestoreParams.restoreParams().replace());
                    }
                    cursor = page.getCursor();
                } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            }
        }
    }

    private InProcessRun verify(Path cfg, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "-c", cfg.toString(), "--big-key-threshold", "100"));
        args.addAll(List.of(more));
        return InProcessRun.command(args.toArray(String[]::new));
    }

    private Path liveConfig() throws Exception {
        return writeConfig("[sync_reader]\naddress = \"" + servers.source().address() + "\"\n[redis_writer]\naddress = \""
                + servers.target().address() + "\"\n");
    }

    private Path writeConfig(String sections) throws Exception {
        Path cfg = dir.resolve("live.toml");
        Files.writeString(cfg, sections + "[advanced]\ndir = \"" + dir.resolve("data") + "\"\n");
        return cfg;
    }

    private JsonNode report() throws Exception {
        return new ObjectMapper().readTree(dir.resolve("data/verify/report.json").toFile());
    }

    private List<JsonNode> differences() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("data/verify/differences.jsonl"))) {
            out.add(new ObjectMapper().readTree(line));
        }
        return out;
    }
}
