package dev.ferry.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.resp.tls.TlsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RedisShake v4 configs for "RDB file -> standalone Redis" load unchanged. The key/value lines
 * below are as RedisShake ships them in shake.toml (v4.2+ layout; v4.0/v4.1 layout further
 * down), including their inline-comment positions; RedisShake's explanatory comment blocks are
 * shortened because comments do not matter to the parser.
 */
class RedisShakeCompatibilityTest {

    static final String SHAKE_V4 = """
            [rdb_reader]
            filepath = "/tmp/dump.rdb"

            [redis_writer]
            cluster = false            # set to true if target is a redis cluster
            sentinel = false           # set to true if target is a redis sentinel
            master = ""                # set to master name if target is a redis sentinel
            address = "127.0.0.1:6380" # when cluster is true, set address to one of the cluster node
            username = ""              # keep empty if not using ACL
            password = ""              # keep empty if no authentication is required
            tls = false
            off_reply = false          # turn off the server reply

            [filter]
            allow_key_prefix = []
            allow_key_suffix = []
            allow_key_regex = []
            block_key_prefix = []
            block_key_suffix = []
            block_key_regex = []
            allow_db = []
            block_db = []
            allow_command = []\s
            block_command = []\s
            allow_command_group = []\s
            block_command_group = []\s
            function = ""

            [advanced]
            dir = "data"
            ncpu = 0        # runtime.GOMAXPROCS, 0 means use runtime.NumCPU() cpu cores
            pprof_port = 0  # pprof port, 0 means disable
            status_port = 0 # status port, 0 means disable

            # log
            log_file = "shake.log"
            log_level = "info"     # debug, info or warn
            log_interval = 5       # in seconds

            # (what to do when RESTORE finds the key already there)
            rdb_restore_command_behavior = "panic" # panic, rewrite or skip

            # (pipelining)
            pipeline_count_limit = 1024

            # (the target's client-query-buffer-limit)
            target_redis_client_max_querybuf_len = 1073741824  # 1GB in bytes

            # (the target's proto-max-bulk-len)
            target_redis_proto_max_bulk_len = 512_000_000

            # (AWS ElastiCache psync command)
            aws_psync = "" # example: aws_psync = "10.0.0.1:6379@nmfu2sl5osync,10.0.0.1:6379@xhma21xfkssync"

            # (FLUSHALL before the full sync)
            empty_db_before_sync = false

            [module]
            # The data format for BF.LOADCHUNK is not compatible in different versions. v2.6.3 <=> 20603
            target_mbbloom_version = 20603
            """;

    /** v4.0.x / v4.1.x: function at the top level, no [filter], querybuf written 1024_000_000. */
    static final String SHAKE_V4_0 = """
            function = ""

            [rdb_reader]
            filepath = "/tmp/dump.rdb"

            [redis_writer]
            cluster = false
            address = "127.0.0.1:6380"
            username = ""              # keep empty if not using ACL
            password = ""              # keep empty if no authentication is required
            tls = false

            [advanced]
            dir = "data"
            ncpu = 0        # runtime.GOMAXPROCS, 0 means use runtime.NumCPU() cpu cores
            pprof_port = 0  # pprof port, 0 means disable
            status_port = 0 # status port, 0 means disable
            log_file = "shake.log"
            log_level = "info"     # debug, info or warn
            log_interval = 5       # in seconds
            rdb_restore_command_behavior = "panic" # panic, rewrite or skip
            pipeline_count_limit = 1024
            target_redis_client_max_querybuf_len = 1024_000_000
            target_redis_proto_max_bulk_len = 512_000_000
            aws_psync = "" # example: aws_psync = "10.0.0.1:6379@nmfu2sl5osync,10.0.0.1:6379@xhma21xfkssync"
            """;

    static FerryConfig parse(String toml) {
        return ConfigLoader.parse(toml, "shake.toml", List.of(), Map.<String, String>of()::get);
    }

    @Test
    void redisShakeV4ShakeTomlLoadsWithNotes() {
        FerryConfig c = parse(SHAKE_V4);
        assertThat(c.rdbReader().filepaths()).containsExactly(Path.of("/tmp/dump.rdb"));
        assertThat(c.redisWriter()).isEqualTo(new RedisWriterConfig("127.0.0.1:6380", "", "", TlsSettings.OFF, false, false, null));
        AdvancedConfig a = c.advanced();
        assertThat(a.dir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(a.logLevel()).isEqualTo("info");
        assertThat(a.logInterval()).isEqualTo(5);
        assertThat(a.rdbRestoreCommandBehavior()).isEqualTo(ConflictPolicy.PANIC);
        assertThat(a.pipelineCountLimit()).isEqualTo(1024);
        assertThat(a.targetRedisClientMaxQuerybufLen()).isEqualTo(1_073_741_824L);
        assertThat(a.targetRedisProtoMaxBulkLen()).isEqualTo(512_000_000L);
        assertThat(a.emptyDbBeforeSync()).isFalse();
        assertThat(a.statusPort()).isZero();
        assertThat(c.notes()).containsExactly(
                "[advanced] ncpu is ignored: Ferry's parallelism is [flink] parallelism",
                "[advanced] pprof_port is ignored: Ferry runs on the JVM; profile it with JFR or a Java profiler",
                "[advanced] log_file is ignored: Ferry logs through Log4j 2; configure log files there",
                "[advanced] aws_psync is ignored: it only applies to RedisShake's [sync_reader] from AWS ElastiCache",
                "[filter] is ignored: all its rules are empty, so every key is migrated",
                "[module] target_mbbloom_version is ignored: Ferry does not convert RedisBloom (MBbloom) module data");
    }

    @Test
    void redisShakeV40LayoutLoads() {
        FerryConfig c = parse(SHAKE_V4_0);
        assertThat(c.advanced().targetRedisClientMaxQuerybufLen()).isEqualTo(1_024_000_000L);
        assertThat(c.notes()).contains("function is ignored: it is empty");
    }

    @Test
    void skipAndRewriteAsRedisShakeSpellsThem() {
        assertThat(parse(SHAKE_V4.replace("\"panic\" #", "\"skip\" #")).advanced().rdbRestoreCommandBehavior())
                .isEqualTo(ConflictPolicy.IGNORE);
        assertThat(parse(SHAKE_V4.replace("\"panic\" #", "\"rewrite\" #")).advanced().rdbRestoreCommandBehavior())
                .isEqualTo(ConflictPolicy.REWRITE);
    }

    @Test
    void logRotationKeysAreAcceptedAndIgnored() {
        FerryConfig c = parse(SHAKE_V4.replace("log_interval = 5", """
                log_interval = 5
                log_rotation = true
                log_max_size = 512
                log_max_age = 7
                log_max_backups = 3
                log_compress = true"""));
        assertThat(c.notes()).contains(
                "[advanced] log_rotation is ignored: Ferry logs through Log4j 2; configure log rotation there",
                "[advanced] log_compress is ignored: Ferry logs through Log4j 2; configure log rotation there");
    }

    @Test
    void sentinelFalseWithAMasterNameIsANote() {
        FerryConfig c = parse(SHAKE_V4.replace("master = \"\"", "master = \"mymaster\""));
        assertThat(c.redisWriter().sentinel()).isNull();
        assertThat(c.notes()).contains("[redis_writer] master is ignored: sentinel is not true");
    }

    @Test
    void envSubstitutionLikeRedisShakesEnvExamples() {
        FerryConfig c = ConfigLoader.parse("""
                [rdb_reader]
                filepath = "/tmp/dump.rdb"
                [redis_writer]
                address = "${SHAKE_DST_ADDRESS}" # export SHAKE_DST_ADDRESS=127.0.0.1:6380
                """, "shake.toml", List.of(), Map.of("SHAKE_DST_ADDRESS", "127.0.0.1:6380")::get);
        assertThat(c.redisWriter().port()).isEqualTo(6380);
    }
}
