package dev.ferry.config;

import static dev.ferry.config.ConfigLoaderTest.MINIMAL;
import static dev.ferry.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every error names the place (file:line or --set) and, where possible, the fix. */
class ConfigErrorsTest {

    static AbstractThrowableAssert<?, ? extends Throwable> error(String toml, String... overrides) {
        return assertThatThrownBy(() -> parse(toml, overrides)).isInstanceOf(ConfigException.class);
    }

    @Test
    void unknownKeyWithDidYouMeanAndLine() {
        error(MINIMAL + """
                [advanced]
                dir = "data"
                pipline_count_limit = 512
                """)
                .hasMessage("unknown key 'pipline_count_limit' in [advanced] at shake.toml:8; "
                        + "did you mean 'pipeline_count_limit'?")
                .satisfies(e -> {
                    assertThat(((ConfigException) e).line()).isEqualTo(8);
                    assertThat(((ConfigException) e).source()).isEqualTo("shake.toml");
                });
    }

    @Test
    void unknownKeyWithoutCloseMatchListsKnownKeys() {
        error(MINIMAL + "[flink]\nfoo = 1\n")
                .hasMessage("unknown key 'foo' in [flink] at shake.toml:7; known keys: parallelism, "
                        + "checkpoint_interval, checkpoint_dir, delivery");
    }

    @Test
    void keyInTheWrongSection() {
        error(MINIMAL + "rdb_restore_command_behavior = \"rewrite\"\n")
                .hasMessage("unknown key 'rdb_restore_command_behavior' in [redis_writer] at shake.toml:6; "
                        + "'rdb_restore_command_behavior' belongs in [advanced]");
    }

    @Test
    void unknownSection() {
        error(MINIMAL + "\n[advancd]\ndir = \"x\"\n")
                .hasMessage("unknown section [advancd] at shake.toml:7; did you mean [advanced]?");
        error("[redis_writer]\naddress = \"h:1\"\n[source]\naddress = \"h:2\"\n")
                .hasMessageStartingWith("unknown section [source] at shake.toml:3; known sections: [rdb_reader], ");
    }

    @Test
    void keyBeforeAnySectionHeader() {
        error("address = \"h:1\"\n" + MINIMAL)
                .hasMessage("unknown section [address] at shake.toml:1; 'address' is a key of [redis_writer]; "
                        + "put it below the [redis_writer] line");
    }

    @Test
    void wrongType() {
        error(MINIMAL + "[advanced]\npipeline_count_limit = \"abc\"\n")
                .hasMessage("[advanced] pipeline_count_limit must be an integer, got string \"abc\" at shake.toml:7");
        error(MINIMAL + "tls = \"yes\"\n")
                .hasMessage("[redis_writer] tls must be a boolean (true or false), got string \"yes\" at shake.toml:6");
        error(MINIMAL + "[advanced]\ndir = 1979-05-27\n")
                .hasMessage("[advanced] dir must be a string, got date 1979-05-27 at shake.toml:7");
        error(MINIMAL + "[advanced]\nlog_interval = 2.5\n")
                .hasMessage("[advanced] log_interval must be an integer, got float 2.5 at shake.toml:7");
        error("[rdb_reader]\nfilepath = 7\n[redis_writer]\naddress = \"h:1\"\n")
                .hasMessageStartingWith("[rdb_reader] filepath must be a string or an array of strings, got integer 7 "
                        + "at shake.toml:2");
        error("[rdb_reader]\nfilepath = [\"/a\", 2]\n[redis_writer]\naddress = \"h:1\"\n")
                .hasMessage("[rdb_reader] filepath must be an array of strings, but element 2 is integer 2 at shake.toml:2");
        error(MINIMAL + "advanced = 3\n")
                .hasMessageContaining("unknown key 'advanced' in [redis_writer] at shake.toml:6");
        error("advanced = 3\n" + MINIMAL)
                .hasMessageStartingWith("[advanced] must be a table, got integer at shake.toml:1");
    }

    @Test
    void missingRequiredKeys() {
        error("[rdb_reader]\nfilepath = \"/a.rdb\"\n\n[redis_writer]\ntls = false\n")
                .hasMessage("missing required key 'address' in [redis_writer] at shake.toml:4; "
                        + "add address = \"127.0.0.1:6379\"");
        error("[redis_writer]\naddress = \"h:1\"\n[rdb_reader]\n")
                .hasMessage("missing required key 'filepath' in [rdb_reader] at shake.toml:3; "
                        + "add filepath = \"/path/to/dump.rdb\"");
        error("[rdb_reader]\nfilepath = []\n[redis_writer]\naddress = \"h:1\"\n")
                .hasMessageStartingWith("[rdb_reader] filepath must name at least one file at shake.toml:2");
        error("[rdb_reader]\nfilepath = \"/a.rdb\"\n")
                .hasMessage("missing section [redis_writer] in shake.toml; add [redis_writer] with "
                        + "address = \"127.0.0.1:6379\"");
        error("[redis_writer]\naddress = \"h:1\"\n")
                .hasMessage("no reader section in shake.toml; add [rdb_reader] with filepath = \"/path/to/dump.rdb\"");
    }

    @Test
    void invalidValues() {
        error(MINIMAL + "[advanced]\npipeline_count_limit = -1\n")
                .hasMessage("[advanced] pipeline_count_limit must be at least 1 (and at most 2147483647), got -1 "
                        + "at shake.toml:7");
        error(MINIMAL + "[advanced]\nrewrite_batch_size = 0\n")
                .hasMessage("[advanced] rewrite_batch_size must be between 1 and 100000, got 0 at shake.toml:7");
        error(MINIMAL + "[advanced]\ntarget_redis_proto_max_bulk_len = -1\n")
                .hasMessageStartingWith("[advanced] target_redis_proto_max_bulk_len must be at least 0");
        error(MINIMAL + "[advanced]\nlog_interval = -5\n")
                .hasMessageStartingWith("[advanced] log_interval must be at least 0");
        error(MINIMAL + "[advanced]\nstatus_port = 70000\n")
                .hasMessage("[advanced] status_port must be between 0 and 65535, got 70000 at shake.toml:7");
        error(MINIMAL + "[flink]\nparallelism = 0\n")
                .hasMessageStartingWith("[flink] parallelism must be between 1 and 32768, got 0 at shake.toml:7");
        error(MINIMAL + "[advanced]\ndir = \"\"\n")
                .hasMessageStartingWith("[advanced] dir must not be empty at shake.toml:7");
        error("[rdb_reader]\nfilepath = [\"/a.rdb\", \"/a.rdb\"]\n[redis_writer]\naddress = \"h:1\"\n")
                .hasMessageStartingWith("[rdb_reader] filepath names /a.rdb twice at shake.toml:2");
        error(MINIMAL + "[flink]\ncheckpoint_dir = \"s3://bucket/ckpt\"\n")
                .hasMessageStartingWith("[flink] checkpoint_dir must be a local path, got \"s3://bucket/ckpt\" at shake.toml:7");
        error(MINIMAL + "[flink]\ndelivery = \"exactly_twice\"\n")
                .hasMessageStartingWith("[flink] delivery must be \"at-least-once\" or \"exactly-once\", got \"exactly_twice\" "
                        + "at shake.toml:7");
        error(MINIMAL + "[advanced]\nmarker_prefix = \"\"\n")
                .hasMessageStartingWith("[advanced] marker_prefix must be a non-empty name without spaces or braces");
        error(MINIMAL + "[advanced]\nmarker_prefix = \"a{b}\"\n")
                .hasMessageStartingWith("[advanced] marker_prefix must be a non-empty name without spaces or braces, got \"a{b}\"");
    }

    @Test
    void badAddresses() {
        String head = "[rdb_reader]\nfilepath = \"/a.rdb\"\n[redis_writer]\n";
        error(head + "address = \"127.0.0.1:99999\"\n")
                .hasMessage("[redis_writer] address \"127.0.0.1:99999\" is not a valid host:port: it has port 99999 "
                        + "outside 1..65535 at shake.toml:4; write it like \"127.0.0.1:6379\"");
        error(head + "address = \"localhost\"\n").hasMessageContaining("it has no port at shake.toml:4");
        error(head + "address = \"localhost:redis\"\n").hasMessageContaining("it has an invalid port \"redis\"");
        error(head + "address = \":6379\"\n").hasMessageContaining("it has no host");
        error(head + "address = \"::1:6379\"\n").hasMessageContaining("IPv6 host without brackets");
        error(head + "address = \"127.0.0.1:0\"\n").hasMessageContaining("port 0 outside 1..65535");
    }

    @Test
    void syntaxErrorCarriesJacksonsLineAndColumn() {
        error(MINIMAL + "address = \"127.0.0.1:6380\"\n")
                .hasMessage("TOML syntax error at shake.toml:6: duplicate key 'redis_writer.address' (first at line 5) "
                        + "in line: address = \"127.0.0.1:6380\"")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(6));
        error(MINIMAL + "[redis_writer]\ntls = true\n")
                .hasMessageStartingWith("TOML syntax error at shake.toml:6: table defined twice: [redis_writer] (first at line 4)");
        error(MINIMAL + "[advanced]\ndir = data\n")
                .hasMessageStartingWith("TOML syntax error at shake.toml:7:7: ");
    }

    @Test
    void syntaxErrorNeverShowsAPasswordLine() {
        error(MINIMAL + "password = \"hunter2\"\npassword = \"hunter2\"\n")
                .hasMessageStartingWith("TOML syntax error at shake.toml:7: duplicate key 'redis_writer.password'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void passwordsNeverAppearInMessages() {
        error(MINIMAL + "password = 123456789\n")
                .hasMessage("[redis_writer] password must be a string, got integer at shake.toml:6; "
                        + "put the value in quotes")
                .hasMessageNotContaining("123456789");
        error(MINIMAL + "pasword = \"hunter2\"\n")
                .hasMessage("unknown key 'pasword' in [redis_writer] at shake.toml:6; did you mean 'password'?");
        error(MINIMAL, "redis_writer.pasword=hunter2")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void unsupportedReaders() {
        error("[redis_writer]\naddress = \"h:1\"\n[aof_reader]\nfilepath = \"/a.aof\"\n")
                .hasMessage("[aof_reader] is not supported by this version of Ferry yet; use [rdb_reader], "
                        + "[sync_reader] or [scan_reader] (at shake.toml:3)")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(3));
    }

    @Test
    void onlyOneReader() {
        error(MINIMAL + "[sync_reader]\naddress = \"h:1\"\n")
                .hasMessage("only one reader section is allowed, found [rdb_reader] and [sync_reader] at "
                        + "shake.toml:6; keep one of them");
    }

    @Test
    void clusterAndSentinelTargets() throws Exception {
        RedisWriterConfig cluster = parse(MINIMAL + "cluster = true\n").redisWriter();
        assertThat(cluster.cluster()).isTrue();
        assertThat(cluster.sentinel()).isNull();
        // RedisShake's form: address, username, password are the sentinel's
        SentinelConfig flat = parse(MINIMAL + "sentinel = true\nmaster = \"mymaster\"\n").redisWriter().sentinel();
        assertThat(flat.masterName()).isEqualTo("mymaster");
        // Ferry's table form
        SentinelConfig table = parse(MINIMAL + "[redis_writer.sentinel]\nmaster_name = \"m2\"\naddress = \"127.0.0.1:26379\"\n")
                .redisWriter().sentinel();
        assertThat(table.masterName()).isEqualTo("m2");
        assertThat(table.address()).isEqualTo("127.0.0.1:26379");
        error(MINIMAL + "cluster = true\nsentinel = true\nmaster = \"m\"\n")
                .hasMessageStartingWith("[redis_writer] cluster = true cannot be combined with a sentinel");
        error(MINIMAL + "sentinel = true\n")
                .hasMessageStartingWith("[redis_writer] master must name the sentinel master when sentinel = true");
        error(MINIMAL + "[redis_writer.sentinel]\nmaster_nam = \"m\"\n")
                .hasMessage("unknown key 'master_nam' in [redis_writer.sentinel] at shake.toml:7; "
                        + "did you mean 'master_name'?");
        error(MINIMAL + "[redis_writer.sentinel]\nmaster_name = \"m\"\naddress = \"nowhere\"\n")
                .hasMessageStartingWith("[redis_writer.sentinel] address \"nowhere\" is not a valid host:port");
        error(MINIMAL + "sentinel = 1\n")
                .hasMessageStartingWith("[redis_writer] sentinel must be a boolean (RedisShake's sentinel = true) "
                        + "or a table, got integer 1");
    }

    @Test
    void filterRulesAreChecked() {
        error(MINIMAL + "[filter]\nfunction = 1\n")
                .hasMessageStartingWith("[filter] function must be a string, got integer 1");
        error(MINIMAL + "[filter]\nallow_db = 0\n")
                .hasMessage("[filter] allow_db must be an array of db numbers, got integer 0 at shake.toml:7");
        error(MINIMAL + "[filter]\nallow_dbs = []\n")
                .hasMessageStartingWith("unknown key 'allow_dbs' in [filter] at shake.toml:7; did you mean 'allow_db'?");
    }

    @Test
    void missingEnvironmentVariableIsNamed() {
        error(MINIMAL + "password = \"${FERRY_TEST_UNSET_VARIABLE}\"\n")
                .hasMessage("environment variable FERRY_TEST_UNSET_VARIABLE is not set; [redis_writer] password "
                        + "refers to it at shake.toml:6; set FERRY_TEST_UNSET_VARIABLE or write "
                        + "${FERRY_TEST_UNSET_VARIABLE:-default}");
    }

    @Test
    void sectionsDifferingOnlyInCase() {
        error(MINIMAL + "[Redis_Writer]\ntls = true\n")
                .hasMessageStartingWith("section [Redis_Writer] is given twice with different case");
        error(MINIMAL + "Address = \"h:2\"\n")
                .hasMessageStartingWith("key 'Address' in [redis_writer] repeats 'address'");
    }
}
