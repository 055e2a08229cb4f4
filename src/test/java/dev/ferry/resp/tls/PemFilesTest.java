package dev.ferry.resp.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.TestCertificates;
import dev.ferry.testing.TestCertificates.Issued;
import dev.ferry.testing.TestCertificates.KeyForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM forms OpenSSL writes are read with the JDK alone, and every unusable file is named with its key. */
class PemFilesTest {
    @TempDir
    static Path dir;
    static TestCertificates ca;

    @BeforeAll
    static void authority() {
        ca = TestCertificates.authority(dir, "test-ca");
    }

    @Test
    void readsPkcs8AndTraditionalRsaAndEcKeys() {
        for (Issued issued : new Issued[] {ca.rsaClient("rsa-pkcs8", KeyForm.PKCS8), ca.rsaClient("rsa-pkcs1", KeyForm.TRADITIONAL),
                ca.ecClient("ec-pkcs8", KeyForm.PKCS8), ca.ecClient("ec-sec1", KeyForm.TRADITIONAL)}) {
            TlsSettings s = client(issued.cert(), issued.key());
            X509Certificate cert = PemFiles.clientChain(s).get(0);
            PrivateKey key = PemFiles.clientKey(s, cert);
            assertThat(key.getAlgorithm()).as(issued.key().toString()).isEqualTo(cert.getPublicKey().getAlgorithm());
            TlsSockets.check(s);
        }
        assertThat(PemFiles.caCertificates(caOnly(ca.caFile()))).hasSize(1);
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        Issued one = ca.ecClient("one", KeyForm.PKCS8);
        Issued other = ca.ecClient("other", KeyForm.PKCS8);
        assertThatThrownBy(() -> TlsSockets.check(client(one.cert(), other.key())))
                .isInstanceOfSatisfying(TlsFileException.class, e -> {
                    assertThat(e.key()).isEqualTo("tls_key");
                    assertThat(e.getMessage()).contains("[redis_writer] tls_key", other.key().toString(),
                            "does not belong to the certificate in tls_cert", one.cert().toString());
                });
        Issued rsa = ca.rsaClient("rsa", KeyForm.TRADITIONAL);
        assertThatThrownBy(() -> TlsSockets.check(client(one.cert(), rsa.key())))
                .hasMessageContaining("[redis_writer] tls_key = \"" + rsa.key() + "\" holds no EC private key, the kind the "
                        + "certificate of tls_cert has");
    }

    @Test
    void encryptedKeyIsRefusedWithTheWayToDecryptIt() {
        for (Issued enc : new Issued[] {ca.ecClient("enc8", KeyForm.ENCRYPTED_PKCS8),
                ca.rsaClient("enc1", KeyForm.ENCRYPTED_TRADITIONAL)}) {
            assertThatThrownBy(() -> TlsSockets.check(client(enc.cert(), enc.key())))
                    .isInstanceOf(TlsFileException.class)
                    .hasMessageContaining("tls_key").hasMessageContaining("is encrypted").hasMessageContaining("openssl pkey");
        }
    }

    @Test
    void missingNonPemAndWrongKindOfFilesNameTheKeyAndTheFile() throws Exception {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> TlsSockets.check(caOnly(missing)))
                .isInstanceOfSatisfying(TlsFileException.class, e -> {
                    assertThat(e.key()).isEqualTo("tls_ca");
                    assertThat(e.file()).isEqualTo(missing.toString());
                    assertThat(e.getMessage()).contains("does not exist", "CA that signed the server's certificate");
                });
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertThatThrownBy(() -> TlsSockets.check(caOnly(text)))
                .hasMessageContaining("is not a PEM file");
        Issued issued = ca.ecClient("swapped", KeyForm.PKCS8);
        assertThatThrownBy(() -> TlsSockets.check(client(issued.key(), issued.cert())))
                .isInstanceOfSatisfying(TlsFileException.class, e -> {
                    assertThat(e.key()).isEqualTo("tls_cert");
                    assertThat(e.problem()).contains("holds no certificate");
                });
    }

    private static TlsSettings caOnly(Path caFile) {
        return new TlsSettings(true, caFile.toString(), null, null, false, "redis_writer");
    }

    private static TlsSettings client(Path cert, Path key) {
        return new TlsSettings(true, null, cert == null ? null : cert.toString(), key == null ? null : key.toString(), false,
                "redis_writer");
    }
}
