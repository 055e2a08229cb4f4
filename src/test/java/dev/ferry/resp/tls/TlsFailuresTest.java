package dev.ferry.resp.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * How the JDK's TLS failures read to a user. The failures a real server produces are in {@code TlsMigrationITCase};
 * these are the ones a test box cannot produce on demand (a server that sends an alert instead of hanging up, a
 * ClientHello Redis answers at once instead of waiting for a newline in it), built from the JDK's own messages.
 */
class TlsFailuresTest {
    private static final String WHERE = "target [redis_writer] at 10.0.0.5:6380";
    private static final TlsSettings CA_ONLY = new TlsSettings(true, "/etc/ferry/ca.pem", null, null, false, "redis_writer");
    private static final TlsSettings CLIENT = new TlsSettings(true, null, "/etc/ferry/c.pem", "/etc/ferry/c.key", false,
            "redis_writer");

    @Test
    void tlsToAPlainPort() {
        String m = TlsFailures.describe(WHERE, "10.0.0.5", CA_ONLY,
                new SSLException("Unsupported or unrecognized SSL message"), false, 10);
        assertThat(m).isEqualTo("TLS connection to target [redis_writer] at 10.0.0.5:6380 failed: the server does not speak "
                + "TLS on that port; set [redis_writer] tls = false, or use the server's tls-port");
        String silent = TlsFailures.describe(WHERE, "10.0.0.5", CA_ONLY, new SocketTimeoutException("Read timed out"), false, 10);
        assertThat(silent).contains("no answer to the TLS handshake within 10 s; is that the server's tls-port?",
                "set [redis_writer] tls = false");
    }

    @Test
    void clientCertificateAlerts() {
        assertThat(TlsFailures.describe(WHERE, "10.0.0.5", CA_ONLY,
                new SSLHandshakeException("Received fatal alert: certificate_required"), true, 10))
                .contains("the server requires a client certificate (Received fatal alert: certificate_required); set "
                        + "[redis_writer] tls_cert and [redis_writer] tls_key");
        assertThat(TlsFailures.describe(WHERE, "10.0.0.5", CLIENT,
                new SSLHandshakeException("Received fatal alert: unknown_ca"), true, 10))
                .contains("the server refused Ferry's client certificate [redis_writer] tls_cert (/etc/ferry/c.pem",
                        "it must be signed by a CA in the server's tls-ca-cert-file");
    }

    @Test
    void hangUpAfterTheHandshakeIsTheServerRefusingTheClient() {
        assertThat(TlsFailures.describe(WHERE, "10.0.0.5", CLIENT, new SocketException("Connection reset"), true, 10))
                .contains("the server closed the connection right after the handshake (Connection reset); it most likely "
                        + "refused Ferry's client certificate [redis_writer] tls_cert (/etc/ferry/c.pem)");
    }

    @Test
    void trustFailureNamesTheTrustStoreInUse() {
        SSLHandshakeException pkix = new SSLHandshakeException("PKIX path building failed: unable to find valid certification "
                + "path to requested target");
        assertThat(TlsFailures.describe(WHERE, "10.0.0.5", TlsSettings.defaultTrust("redis_writer"), pkix, false, 10))
                .contains("the server's certificate is not signed by a CA in the JVM's default trust store; set "
                        + "[redis_writer] tls_ca");
    }
}
