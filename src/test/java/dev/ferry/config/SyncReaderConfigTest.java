package dev.ferry.config;

import static dev.ferry.config.ConfigErrorsTest.error;
import static dev.ferry.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncReaderConfigTest {
    private static final String WRITER = "[redis_writer]\naddress = \"127.0.0.1:6380\"\n";

    @Test
    void defaultsAreRedisShakes() {
        FerryConfig c = parse("[sync_reader]\naddress = \"127.0.0.1:6379\"\n" + WRITER);
        assertThat(c.reader()).isSameAs(c.syncReader());
        assertThat(c.rdbReader()).isNull();
        assertThat(c.syncReader()).isEqualTo(new SyncReaderConfig("127.0.0.1:6379", "", "", false, true, true));
        assertThat(c.syncReader().port()).isEqualTo(6379);
    }

    @Test
    void everyKey() {
        FerryConfig c = parse("""
                [sync_reader]
                address = "src:7000"
                username = "repl"
                password = "secret"
                tls = true
                sync_rdb = false
                sync_aof = true
                cluster = false
                prefer_replica = false
                """ + WRITER);
        assertThat(c.syncReader()).isEqualTo(new SyncReaderConfig("src:7000", "repl", "secret", true, false, true));
        assertThat(c.syncReader().toString()).doesNotContain("secret");
    }

    @Test
    void overridesReachTheSyncReader() {
        FerryConfig c = parse("[sync_reader]\naddress = \"127.0.0.1:6379\"\n" + WRITER, "sync_reader.sync_aof=false");
        assertThat(c.syncReader().syncAof()).isFalse();
    }

    @Test
    void errorsNameTheLineAndTheFix() {
        error("[sync_reader]\n" + WRITER)
                .hasMessageContaining("missing required key 'address' in [sync_reader]")
                .hasMessageContaining("add address = \"127.0.0.1:6379\"");
        error("[sync_reader]\naddress = \"nohost\"\n" + WRITER)
                .hasMessageStartingWith("[sync_reader] address \"nohost\" is not a valid host:port")
                .hasMessageContaining("shake.toml:2");
        error("[sync_reader]\naddres = \"h:1\"\n" + WRITER)
                .hasMessage("unknown key 'addres' in [sync_reader] at shake.toml:2; did you mean 'address'?");
        error("[sync_reader]\naddress = \"h:1\"\nsync_rdb = \"yes\"\n" + WRITER)
                .hasMessageStartingWith("[sync_reader] sync_rdb must be a boolean");
        error("[sync_reader]\naddress = \"h:1\"\nsync_rdb = false\nsync_aof = false\n" + WRITER)
                .hasMessage("[sync_reader] sync_aof = false together with sync_rdb = false leaves nothing to migrate at "
                        + "shake.toml:4; set sync_rdb = true (the snapshot), sync_aof = true (the live commands), or both");
    }

    @Test
    void clusterReplicaAndSentinelSourcesAreRefusedClearly() {
        error("[sync_reader]\naddress = \"h:1\"\ncluster = true\n" + WRITER)
                .hasMessageStartingWith("[sync_reader] cluster = true (a cluster source) is not supported by this "
                        + "version of Ferry yet")
                .hasMessageEndingWith("(at shake.toml:3)");
        error("[sync_reader]\naddress = \"h:1\"\nprefer_replica = true\n" + WRITER)
                .hasMessageStartingWith("[sync_reader] prefer_replica = true is not supported by this version of Ferry yet");
        error("[sync_reader]\naddress = \"h:1\"\n[sync_reader.sentinel]\nmaster_name = \"m\"\naddress = \"h:2\"\n" + WRITER)
                .hasMessageStartingWith("[sync_reader.sentinel] (a source found through Sentinel) is not supported");
    }
}
