package dev.ferry.config;

import static dev.ferry.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.testing.TestCertificates;
import dev.ferry.testing.TestCertificates.Issued;
import dev.ferry.testing.TestCertificates.KeyForm;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls keys of every section that connects to Redis: parsed, inherited, and their files checked at load. */
class TlsConfigTest {
    @TempDir
    static Path dir;
    static TestCertificates ca;
    static Issued client;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.authority(dir, "ca");
        client = ca.ecClient("client", KeyForm.PKCS8);
    }

    @Test
    void everyKeyOfEverySectionIsRead() {
        FerryConfig c = parse("""
                [sync_reader]
                tls = true
                tls_ca = "%s"
                tls_cert = "%s"
                tls_key = "%s"
                [sync_reader.sentinel]
                master_name = "m"
                address = "127.0.0.1:26379"
                [redis_writer]
                address = "127.0.0.1:6380"
                tls = true
                tls_skip_verify = true
                """.formatted(ca.caFile(), client.cert(), client.key()));
        TlsSettings source = c.syncReader().tls();
        assertThat(source).isEqualTo(new TlsSettings(true, ca.caFile().toString(), client.cert().toString(),
                client.key().toString(), false, "sync_reader"));
        assertThat(c.syncReader().sentinel().tls()).as("the Sentinel inherits the data nodes' TLS")
                .isEqualTo(new TlsSettings(true, ca.caFile().toString(), client.cert().toString(), client.key().toString(),
                        false, "sync_reader.sentinel"));
        assertThat(c.redisWriter().tls()).isEqualTo(new TlsSettings(true, null, null, null, true, "redis_writer"));
        assertThat(c.toString()).contains("certificate NOT verified");
    }

    @Test
    void sentinelTableMayChangeWhatItInherits() {
        FerryConfig c = parse("""
                [rdb_reader]
                filepath = "/tmp/dump.rdb"
                [redis_writer]
                tls = true
                tls_ca = "%s"
                [redis_writer.sentinel]
                master_name = "m"
                address = "127.0.0.1:26379"
                tls = false
                """.formatted(ca.caFile()));
        assertThat(c.redisWriter().tls().caFile()).isEqualTo(ca.caFile().toString());
        assertThat(c.redisWriter().sentinel().tls()).isEqualTo(TlsSettings.OFF);
    }

    @Test
    void redisShakesTlsConfigTableNamesTheSameFiles() {
        FerryConfig c = parse("""
                [scan_reader]
                address = "127.0.0.1:6379"
                tls = true
                [scan_reader.tls_config]
                ca_cert = "%s"
                cert = "%s"
                key = "%s"
                [redis_writer]
                address = "127.0.0.1:6380"
                """.formatted(ca.caFile(), client.cert(), client.key()));
        assertThat(c.scanReader().tls()).isEqualTo(new TlsSettings(true, ca.caFile().toString(), client.cert().toString(),
                client.key().toString(), false, "scan_reader"));
        assertThatThrownBy(() -> parse("""
                [scan_reader]
                address = "127.0.0.1:6379"
                tls = true
                tls_ca = "%s"
                [scan_reader.tls_config]
                ca_cert = "%s"
                [redis_writer]
                address = "127.0.0.1:6380"
                """.formatted(ca.caFile(), ca.caFile())))
                .hasMessageContaining("[scan_reader.tls_config] ca_cert repeats [scan_reader] tls_ca");
    }

    @Test
    void filesWithoutTlsOrHalfAClientCertificateAreErrors() {
        assertThatThrownBy(() -> writer("tls_ca = \"" + ca.caFile() + "\""))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[redis_writer] tls_ca is set but [redis_writer] tls is false at shake.toml:5; add tls = true to "
                        + "[redis_writer], or remove tls_ca");
        assertThatThrownBy(() -> writer("tls = true\ntls_cert = \"" + client.cert() + "\""))
                .hasMessageContaining("[redis_writer] tls_cert needs tls_key (the client certificate's private key) as well")
                .hasMessageContaining("set both, or neither");
    }

    @Test
    void unusableFileIsAConfigErrorAtItsKeyWithTheFileAndTheFix() {
        Path missing = dir.resolve("missing-ca.pem");
        assertThatThrownBy(() -> writer("tls = true\ntls_ca = \"" + missing + "\""))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[redis_writer] tls_ca = \"" + missing + "\" does not exist at shake.toml:6; give the PEM file of "
                        + "the CA that signed the server's certificate");
        Issued other = ca.ecClient("other", KeyForm.PKCS8);
        assertThatThrownBy(() -> writer("tls = true\ntls_cert = \"" + client.cert() + "\"\ntls_key = \"" + other.key() + "\""))
                .hasMessageContaining("[redis_writer] tls_key = \"" + other.key() + "\" does not belong to the certificate in "
                        + "tls_cert")
                .hasMessageContaining("shake.toml:7");
    }

    @Test
    void relativeFilesAreResolvedAgainstTheWorkingDirectory() {
        Path relative = Path.of("").toAbsolutePath().relativize(ca.caFile());
        FerryConfig c = writer("tls = true\ntls_ca = \"" + relative + "\"");
        assertThat(c.redisWriter().tls().caFile()).isEqualTo(ca.caFile().toString());
    }

    private static FerryConfig writer(String lines) {
        return parse("[rdb_reader]\nfilepath = \"/tmp/dump.rdb\"\n[redis_writer]\naddress = \"127.0.0.1:6380\"\n" + lines + "\n");
    }
}
