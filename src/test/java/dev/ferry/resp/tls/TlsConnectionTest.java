package dev.ferry.resp.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.testing.TestCertificates;
import dev.ferry.testing.TestCertificates.Issued;
import dev.ferry.testing.TestCertificates.KeyForm;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link dev.ferry.resp.RedisConnection} over TLS against a real server that demands a client certificate. */
class TlsConnectionTest {
    @TempDir
    static Path dir;
    static TestCertificates ca;
    static Issued client;
    static LocalRedisServer server;

    @BeforeAll
    static void start() {
        ca = TestCertificates.authority(dir, "ca");
        client = ca.ecClient("client", KeyForm.TRADITIONAL);
        Issued cert = ca.server("server", "127.0.0.1");
        server = LocalRedisServer.start(RedisBinary.redis70(), null, List.of("--tls-cert-file", cert.cert().toString(),
                "--tls-key-file", cert.key().toString(), "--tls-ca-cert-file", ca.caFile().toString(),
                "--tls-auth-clients", "yes", "--requirepass", "pw"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The keyspace subscription waits for notifications with a read timeout, then PINGs on the same connection. */
    @Test
    void aReadTimeoutLeavesTheTlsConnectionUsable() throws Exception {
        try (RedisConnection c = RedisConnection.open(endpoint("pw"), 300)) {
            assertThatThrownBy(() -> c.reader().peekByte()).isInstanceOf(SocketTimeoutException.class);
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void aWrongPasswordOverTlsIsTheUsualAuthenticationFailure() {
        assertThatThrownBy(() -> RedisConnection.open(endpoint("not-the-pw-93"), 5_000).close())
                .hasMessageContaining("authentication to [test] at " + server.tlsAddress() + " failed: WRONGPASS")
                .hasMessageNotContaining("not-the-pw-93");
    }

    private static RedisEndpoint endpoint(String password) {
        TlsSettings tls = new TlsSettings(true, ca.caFile().toString(), client.cert().toString(), client.key().toString(), false,
                "test");
        return new RedisEndpoint(server.host(), server.tlsPort(), null, password, tls, "[test]");
    }
}
