package dev.ferry.config;

import static dev.ferry.config.ConfigErrorsTest.error;
import static dev.ferry.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.resp.tls.TlsSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanReaderConfigTest {
    private static final String WRITER = "[redis_writer]\naddress = \"127.0.0.1:6380\"\n";

    @Test
    void defaultsAreRedisShakes() {
        FerryConfig c = parse("[scan_reader]\naddress = \"127.0.0.1:6379\"\n" + WRITER);
        assertThat(c.reader()).isSameAs(c.scanReader());
        assertThat(c.scanReader()).isEqualTo(new ScanReaderConfig("127.0.0.1:6379", "", "", TlsSettings.OFF, false, List.of(), true,
                1, false, false, 0));
    }

    @Test
    void everyKey() {
        FerryConfig c = parse("""
                [scan_reader]
                cluster = false
                address = "src:7000"
                username = "reader"
                password = "secret"
                tls = true
                dbs = [5, 0, 1]
                scan = true
                count = 500
                ksn = true
                ksn_configure = true
                max_qps = 20000
                """ + WRITER);
        assertThat(c.scanReader()).isEqualTo(new ScanReaderConfig("src:7000", "reader", "secret", TlsSettings.defaultTrust("scan_reader"), false,
                List.of(0, 1, 5), true, 500, true, true, 20_000));
        assertThat(c.scanReader().toString()).doesNotContain("secret");
        assertThat(c.scanReader().port()).isEqualTo(7000);
    }

    @Test
    void aClusterSourceScansDb0() {
        FerryConfig c = parse("[scan_reader]\naddress = \"n:7000\"\ncluster = true\ndbs = [0]\n" + WRITER);
        assertThat(c.scanReader().cluster()).isTrue();
        error("[scan_reader]\naddress = \"n:7000\"\ncluster = true\ndbs = [0, 3]\n" + WRITER)
                .hasMessage("[scan_reader] dbs = [0, 3] cannot be scanned on a cluster source: a cluster has only db 0 at "
                        + "shake.toml:4; write dbs = [] or dbs = [0], or set cluster = false");
    }

    @Test
    void ksnConfigureWithoutKsnIsANote() {
        FerryConfig c = parse("[scan_reader]\naddress = \"h:1\"\nksn_configure = true\n" + WRITER);
        assertThat(c.notes()).contains("[scan_reader] ksn_configure is ignored: ksn is not true");
    }

    @Test
    void errorsNameTheLineAndTheFix() {
        error("[scan_reader]\n" + WRITER)
                .hasMessageContaining("missing required key 'address' in [scan_reader]")
                .hasMessageContaining("add address = \"127.0.0.1:6379\" (the source)");
        error("[scan_reader]\naddress = \"h:1\"\ndbs = 0\n" + WRITER)
                .hasMessage("[scan_reader] dbs must be an array of db numbers, got integer 0 at shake.toml:3; "
                        + "write dbs = [0, 1], or dbs = [] for every db");
        error("[scan_reader]\naddress = \"h:1\"\ndbs = [0, -1]\n" + WRITER)
                .hasMessage("[scan_reader] dbs must be an array of db numbers (0 and up), but element 2 is integer -1 at "
                        + "shake.toml:3");
        error("[scan_reader]\naddress = \"h:1\"\ndbs = [2, 2]\n" + WRITER)
                .hasMessage("[scan_reader] dbs names db 2 twice at shake.toml:3; list each db once");
        error("[scan_reader]\naddress = \"h:1\"\ncount = 0\n" + WRITER)
                .hasMessage("[scan_reader] count must be between 1 and 100000, got 0 at shake.toml:3");
        error("[scan_reader]\naddress = \"h:1\"\nmax_qps = -5\n" + WRITER)
                .hasMessageStartingWith("[scan_reader] max_qps must be at least 0, got -5");
        error("[scan_reader]\naddress = \"h:1\"\nscan = false\n" + WRITER)
                .hasMessage("[scan_reader] scan = false together with ksn = false leaves nothing to migrate at "
                        + "shake.toml:3; set scan = true (the keys there are), ksn = true (the keys that change), or both");
        error("[scan_reader]\naddress = \"h:1\"\nksn = \"yes\"\n" + WRITER)
                .hasMessageStartingWith("[scan_reader] ksn must be a boolean");
        error("[scan_reader]\naddress = \"h:1\"\nsync_rdb = true\n" + WRITER)
                .hasMessageStartingWith("unknown key 'sync_rdb' in [scan_reader] at shake.toml:3; 'sync_rdb' belongs in [sync_reader]");
    }

    @Test
    void onlyOneReaderSection() {
        error("[scan_reader]\naddress = \"h:1\"\n[sync_reader]\naddress = \"h:2\"\n" + WRITER)
                .hasMessageStartingWith("only one reader section is allowed, found [scan_reader] and [sync_reader]");
    }
}
