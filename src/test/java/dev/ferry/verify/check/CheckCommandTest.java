package dev.ferry.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.SourceAndTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code ferry check} from a real source's RDB snapshot (10,000 keys and one 2 MB string) and a live source
 * ([sync_reader], [scan_reader]) into a real standalone target that already holds 500 of the keys.
 */
class CheckCommandTest {
    private static final String BIG_KEY = "big:string";

    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> {
        j.configSet("rdbcompression", "no"); // so the payload sizes are the values' sizes
        CheckData.fillSource(j);
        j.set(BIG_KEY, "b".repeat(2 << 20));
    });

    @TempDir
    Path dir;

    private Path rdbConfig() {
        servers.target().jedis().close();
        try (Jedis t = servers.target().jedis()) {
            CheckData.fillTarget(t::set);
        }
        return MigrationConfig.rdbToRedis(servers.source().rdbFile(), servers.target().address(), dir).write();
    }

    @Test
    void panicWithExistingKeysIsABlockerNamingTheCountAndEachPolicysOutcome() throws Exception {
        Path cfg = rdbConfig();
        long changesBefore = rdbChanges();
        InProcessRun r = CheckRun.of(cfg);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("500 of 10,001 source keys exist on the target",
                "panic would stop at the first of 500 existing keys",
                "rewrite would replace the 500 existing keys with the source's values",
                "ignore would keep the target's values of the 500 existing keys",
                "db0 key:", "EXISTS on the target", "BLOCKED: 1 blocker");
        assertThat(r.out()).containsPattern("BLOCKER +collisions +panic would stop");
        assertThat(rdbChanges()).as("nothing was written to the target").isEqualTo(changesBefore);
        try (Jedis t = servers.target().jedis()) {
            assertThat(t.dbSize()).isEqualTo(CheckData.EXISTING);
        }
    }

    @Test
    void rewriteWithExistingKeysCanRun() {
        InProcessRun r = CheckRun.of(rdbConfig(), "--set", "advanced.rdb_restore_command_behavior=rewrite");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("500 of 10,001 source keys exist", "OK: the migration can run as configured (policy rewrite)")
                .containsPattern("NOTE +collisions +rewrite would replace the 500 existing keys");
    }

    @Test
    void jsonReportParsesWithTheSameContent() throws Exception {
        InProcessRun r = CheckRun.of(rdbConfig(), "--format", "json");
        assertThat(r.code()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("can_run").asBoolean()).isFalse();
        assertThat(json.at("/collisions/existing").asLong()).isEqualTo(500);
        assertThat(json.at("/collisions/existing_per_db/0").asLong()).isEqualTo(500);
        assertThat(json.at("/collisions/checked").asLong()).isEqualTo(10_001);
        assertThat(json.at("/collisions/sample")).hasSize(10);
        assertThat(json.at("/collisions/outcomes/panic").asText()).isEqualTo("panic would stop at the first of 500 existing keys");
        assertThat(json.at("/source/keys").asLong()).isEqualTo(10_001);
        assertThat(json.at("/source/rdb_version").asInt()).isEqualTo(10);
        assertThat(json.at("/target/kind").asText()).isEqualTo("standalone");
        assertThat(json.at("/target/accepted_rdb_versions")).hasSize(10);
        assertThat(json.at("/restore_plan/by_restore").asLong()).isEqualTo(10_001);
        assertThat(json.at("/findings/0/severity").asText()).isEqualTo("BLOCKER");
        assertThat(json.at("/findings/0/topic").asText()).isEqualTo("collisions");
    }

    @Test
    void tooLittleMaxmemoryIsABlocker() {
        Path cfg = rdbConfig();
        try (Jedis t = servers.target().jedis()) {
            long used = Long.parseLong(t.info("memory").replaceAll("(?s).*used_memory:(\\d+).*", "$1"));
            t.configSet("maxmemory", Long.toString(used + 100_000));
            try {
                InProcessRun r = CheckRun.of(cfg, "--set", "advanced.rdb_restore_command_behavior=rewrite");
                assertThat(r.code()).as(r.out()).isEqualTo(1);
                assertThat(r.out()).containsPattern("BLOCKER +memory +the data does not fit: the source's data is [0-9.]+ MB "
                        + "\\(sum of the DUMP payload sizes: a lower bound");
            } finally {
                t.configSet("maxmemory", "0");
            }
        }
    }

    @Test
    void smallProtoMaxBulkLenIsReportedNotBlocking() {
        Path cfg = rdbConfig();
        try (Jedis t = servers.target().jedis()) {
            t.configSet("proto-max-bulk-len", "1mb");
            try {
                InProcessRun r = CheckRun.of(cfg, "--set", "advanced.rdb_restore_command_behavior=rewrite");
                assertThat(r.code()).as(r.out()).isZero();
                assertThat(r.out()).contains("restore       10,000 keys by RESTORE, 1 by element commands (1 bigger than the restore limit")
                        .containsPattern("NOTE +bulk length +the biggest value \\(db0 big:string, DUMP payload 2.0 MB\\) is above the "
                                + "restore limit 1.0 MB \\(target proto-max-bulk-len 1.0 MB\\)");
            } finally {
                t.configSet("proto-max-bulk-len", "512mb");
            }
        }
        InProcessRun configured = CheckRun.of(cfg, "--set", "advanced.rdb_restore_command_behavior=rewrite",
                "--set", "advanced.target_redis_proto_max_bulk_len=100");
        assertThat(configured.out()).contains("restore       0 keys by RESTORE, 10,001 by element commands")
                .contains("[advanced] target_redis_proto_max_bulk_len 100 B");
    }

    @Test
    void refusedLoginIsABlockerWithTheServersMessage() {
        Path cfg = rdbConfig();
        try (Jedis t = servers.target().jedis()) {
            t.configSet("requirepass", "secret");
            try {
                InProcessRun r = CheckRun.of(cfg, "--set", "redis_writer.password=wrong");
                assertThat(r.code()).isEqualTo(1);
                assertThat(r.out()).contains("BLOCKER", "authentication to target [redis_writer] at " + servers.target().address()
                        + " failed: WRONGPASS").doesNotContain("wrong");
            } finally {
                t.auth("secret");
                t.configSet("requirepass", "");
            }
        }
    }

    @Test
    void missingAclPermissionsAreBlockers() {
        Path cfg = rdbConfig();
        try (Jedis t = servers.target().jedis()) {
            t.aclSetUser("ferry", "on", ">pw", "~*", "+@all", "-rename", "-renamenx");
            try {
                InProcessRun r = CheckRun.of(cfg, "--set", "redis_writer.username=ferry", "--set", "redis_writer.password=pw",
                        "--set", "advanced.rdb_restore_command_behavior=rewrite");
                assertThat(r.code()).as(r.out()).isEqualTo(1);
                assertThat(r.out()).containsPattern("BLOCKER +acl +target .*: user ferry may not run RENAMENX \\(.*\\), RENAME \\(");
            } finally {
                t.aclDelUser("ferry");
            }
        }
    }

    @Test
    void badInputExitsWith2() throws Exception {
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "[rdb_reader]\nfilepath = \"/nonexistent.rdb\"\n[redis_writer]\naddres = \"127.0.0.1:1\"\n");
        InProcessRun r = CheckRun.of(bad);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("addres");
    }

    @Test
    void liveSourceIsScannedWholeOrSampled() throws Exception {
        try (Jedis t = servers.target().jedis()) {
            CheckData.fillTarget(t::set);
        }
        Path cfg = dir.resolve("live.toml");
        Files.writeString(cfg, "[sync_reader]\naddress = \"" + servers.source().address() + "\"\n[redis_writer]\naddress = \""
                + servers.target().address() + "\"\n[advanced]\ndir = \"" + dir.resolve("data") + "\"\n");
        InProcessRun whole = CheckRun.of(cfg, "--format", "json");
        JsonNode all = new ObjectMapper().readTree(whole.out());
        assertThat(all.at("/collisions/existing").asLong()).as(whole.out()).isEqualTo(500);
        assertThat(all.at("/collisions/estimated").asBoolean()).isFalse();
        assertThat(all.at("/source/kind").asText()).isEqualTo("live");
        assertThat(all.at("/source/version").asText()).startsWith("7.0.");
        assertThat(all.at("/source/dataset_basis").asText()).contains("used_memory_dataset");

        InProcessRun text = CheckRun.of(cfg);
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).contains("source        live " + servers.source().address(), "replica output buffer 64.0 MB",
                "500 of 10,001 source keys exist on the target");
        InProcessRun estimate = CheckRun.of(cfg, "--sample", "2000");
        assertThat(estimate.out()).containsPattern("collisions    about [0-9,]+ of 2,00\\d source keys exist on the target "
                + "\\(estimated: a sample scaled to the source's DBSIZE\\)");
        assertThat(estimate.out()).contains("panic would stop at the first of about ");
        JsonNode est = new ObjectMapper().readTree(CheckRun.of(cfg, "--sample", "2000", "--format", "json").out());
        assertThat(est.at("/collisions/existing").asLong()).isBetween(300L, 700L);
        assertThat(est.at("/collisions/estimated").asBoolean()).isTrue();

        try (Jedis s = servers.source().jedis()) {
            s.configSet("client-output-buffer-limit", "replica 1mb 1mb 60");
            try {
                assertThat(CheckRun.of(cfg, "--sample", "100").out()).containsPattern("WARNING +source buffer +source "
                        + servers.source().address() + " drops a replica whose output buffer passes 1.0 MB .*less than its "
                        + "snapshot .*CONFIG SET client-output-buffer-limit \"replica 0 0 0\"");
            } finally {
                s.configSet("client-output-buffer-limit", "replica 256mb 64mb 60");
            }
        }
    }

    /**
     * A [scan_reader] source is checked for what a scan sends (SCAN, DUMP, PTTL, SELECT, INFO, FUNCTION LIST; PSUBSCRIBE
     * and CONFIG GET with ksn), not for replication: a user without PSYNC, as on managed Redis, is no blocker, and the
     * replica output buffer does not matter. Only the dbs of [scan_reader] dbs are counted and looked up. (The user may
     * run ACL DRYRUN, which check asks as that user; without it, check notes that it could not check.)
     */
    @Test
    void scanSourceIsCheckedForTheScanCommandsAndItsDbs() throws Exception {
        String source = servers.source().address();
        try (Jedis s = servers.source().jedis()) {
            s.aclSetUser("scanner", "on", ">pw", "~*", "+info", "+scan", "+dump", "+pttl", "+select", "+function|list",
                    "+acl|dryrun");
            s.configSet("client-output-buffer-limit", "replica 1mb 1mb 60");
            s.select(3);
            s.set("db3:key", "not scanned");
            try {
                Path cfg = MigrationConfig.scanToRedis(source, servers.target().address(), dir)
                        .reader("username", "\"scanner\"").reader("password", "\"pw\"").reader("dbs", "[0]").write();

                InProcessRun scan = CheckRun.of(cfg);
                assertThat(scan.code()).as(scan.out()).isZero();
                assertThat(scan.out()).contains("source        scan " + source, "10,001 keys (db0 10,001)",
                        "user scanner may run every command Ferry needs", "no source key exists on the target")
                        .doesNotContain("source buffer", "replica output buffer", "db3");
                JsonNode json = new ObjectMapper().readTree(CheckRun.of(cfg, "--format", "json").out());
                assertThat(json.at("/source/kind").asText()).isEqualTo("scan");

                InProcessRun ksn = CheckRun.of(cfg, "--set", "scan_reader.ksn=true");
                assertThat(ksn.code()).as(ksn.out()).isEqualTo(1);
                assertThat(ksn.out()).containsPattern("BLOCKER +acl +source " + source
                        + ": user scanner may not run PSUBSCRIBE \\(.*\\), PING \\(.*\\), CONFIG GET \\(.*\\[scan_reader\\] username");

                Path sync = dir.resolve("sync.toml");
                Files.writeString(sync, "[sync_reader]\naddress = \"" + source + "\"\nusername = \"scanner\"\npassword = \"pw\"\n"
                        + "[redis_writer]\naddress = \"" + servers.target().address() + "\"\n");
                InProcessRun replica = CheckRun.of(sync);
                assertThat(replica.out()).containsPattern("user scanner may not run PING \\(.*\\), REPLCONF \\(.*\\), PSYNC \\(.*\\); grant "
                        + "them \\(ACL SETUSER\\) or use another user in \\[sync_reader\\] username").contains("replica output buffer");
            } finally {
                s.del("db3:key");
                s.configSet("client-output-buffer-limit", "replica 256mb 64mb 60");
                s.aclDelUser("scanner");
            }
        }
    }

    private static long rdbChanges() {
        try (Jedis t = servers.target().jedis()) {
            return Long.parseLong(t.info("persistence").replaceAll("(?s).*rdb_changes_since_last_save:(\\d+).*", "$1"));
        }
    }
}
