package dev.ferry.config;

import static dev.ferry.config.ConfigErrorsTest.error;
import static dev.ferry.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.resp.tls.TlsSettings;
import org.junit.jupiter.api.Test;

class SyncReaderConfigTest {
    private static final String WRITER = "[redis_writer]\naddress = \"127.0.0.1:6380\"\n";

    @Test
    void defaultsAreRedisShakes() {
        FerryConfig c = parse("[sync_reader]\naddress = \"127.0.0.1:6379\"\n" + WRITER);
        assertThat(c.reader()).isSameAs(c.syncReader());
        assertThat(c.rdbReader()).isNull();
        assertThat(c.syncReader()).isEqualTo(new SyncReaderConfig("127.0.0.1:6379", "", "", TlsSettings.OFF, true, true));
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
        assertThat(c.syncReader()).isEqualTo(new SyncReaderConfig("src:7000", "repl", "secret", TlsSettings.defaultTrust("sync_reader"), false, true));
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
    void sentinelSourceTakesItsOwnTableAndTheDataNodesLogin() {
        FerryConfig c = parse("""
                [sync_reader]
                username = "repl"
                password = "data-secret"
                prefer_replica = true
                [sync_reader.sentinel]
                master_name = "mymaster"
                address = "10.0.0.9:26379"
                password = "sentinel-secret"
                """ + WRITER);
        SyncReaderConfig r = c.syncReader();
        assertThat(r.sentinel()).isEqualTo(new SentinelConfig("mymaster", "10.0.0.9:26379", "repl", "sentinel-secret", TlsSettings.OFF));
        assertThat(r.username()).isEqualTo("repl");
        assertThat(r.password()).isEqualTo("data-secret");
        assertThat(r.preferReplica()).isTrue();
        assertThat(r.cluster()).isFalse();
        assertThat(r.toString()).doesNotContain("secret");
    }

    @Test
    void anAddressBesideTheSentinelIsIgnoredWithANote() {
        FerryConfig c = parse("[sync_reader]\naddress = \"h:1\"\n[sync_reader.sentinel]\nmaster_name = \"m\"\n"
                + "address = \"s:26379\"\n" + WRITER);
        assertThat(c.syncReader().sentinel().address()).isEqualTo("s:26379");
        assertThat(c.notes()).anyMatch(n -> n.startsWith("[sync_reader] address is ignored"));
    }

    @Test
    void clusterSource() {
        FerryConfig c = parse("[sync_reader]\naddress = \"n1:7000\"\ncluster = true\nprefer_replica = true\n" + WRITER);
        assertThat(c.syncReader()).isEqualTo(new SyncReaderConfig("n1:7000", "", "", TlsSettings.OFF, true, true, true, true, null));
    }

    @Test
    void impossibleSourcesAreRefusedClearly() {
        error("[sync_reader]\naddress = \"h:1\"\nprefer_replica = true\n" + WRITER)
                .hasMessageStartingWith("[sync_reader] prefer_replica = true needs replicas to choose from")
                .hasMessageContaining("set address to the replica itself");
        error("[sync_reader]\ncluster = true\n[sync_reader.sentinel]\nmaster_name = \"m\"\naddress = \"h:2\"\n" + WRITER)
                .hasMessageStartingWith("[sync_reader] cluster = true cannot be combined with a sentinel")
                .hasMessageContaining("a cluster source is found through its nodes");
        error("[sync_reader]\nsentinel = true\n" + WRITER)
                .hasMessageStartingWith("[sync_reader] sentinel must be a table [sync_reader.sentinel]");
        error("[sync_reader]\n[sync_reader.sentinel]\naddress = \"h:2\"\n" + WRITER)
                .hasMessageContaining("missing required key 'master_name' in [sync_reader.sentinel]");
        error("[sync_reader]\n[sync_reader.sentinel]\nmaster_name = \"m\"\naddress = \"nohost\"\n" + WRITER)
                .hasMessageStartingWith("[sync_reader.sentinel] address \"nohost\" is not a valid host:port");
    }
}
