package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.SafeEncoder;

class LocalRedisServerTest {

    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.redis70();

    static RedisBinary binary(String version) {
        return switch (version) {
            case "7.0" -> RedisBinary.redis70();
            case "6.2" -> RedisBinary.redis62();
            default -> throw new IllegalArgumentException(version);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0", "6.2"})
    void withCertificatesAlsoListensForTlsOnAPortOfItsOwnAcrossRestarts(String version, @TempDir Path dir) throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "ca");
        TestCertificates.Issued cert = ca.server("server", "127.0.0.1");
        try (LocalRedisServer s = LocalRedisServer.start(binary(version), null, List.of("--tls-cert-file", cert.cert().toString(),
                "--tls-key-file", cert.key().toString(), "--tls-ca-cert-file", ca.caFile().toString(), "--tls-auth-clients", "no"))) {
            assertThat(s.tlsPort()).isPositive().isNotEqualTo(s.port());
            assertThat(s.tlsAddress()).isEqualTo("127.0.0.1:" + s.tlsPort());
            int tlsPort = s.tlsPort();
            assertThat(pingOverTls(s, ca.caFile())).isEqualTo("PONG");
            s.restart();
            assertThat(s.tlsPort()).isEqualTo(tlsPort);
            assertThat(pingOverTls(s, ca.caFile())).isEqualTo("PONG");
        }
        assertThatThrownBy(() -> redis.server().tlsPort()).hasMessageContaining("has no TLS port");
    }

    private static Object pingOverTls(LocalRedisServer s, Path caFile) throws Exception {
        TlsSettings tls = new TlsSettings(true, caFile.toString(), null, null, false, "test");
        try (RedisConnection c = RedisConnection.open(new RedisEndpoint(s.host(), s.tlsPort(), null, null, tls, "[test]"), 10_000)) {
            return c.call("PING");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0", "6.2"})
    void startsAnswersPingAndReportsVersion(String version) {
        RedisBinary binary = binary(version);
        assertThat(binary.version()).startsWith(version + ".");
        assertThat(binary.path()).isExecutable();
        try (LocalRedisServer s = LocalRedisServer.start(binary); Jedis j = s.jedis()) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(s.version()).isEqualTo(binary.version());
            assertThat(s.address()).isEqualTo("127.0.0.1:" + s.port());
            assertThat(s.port()).isNotEqualTo(6379);
            assertThat(s.logFile()).exists();
            assertThat(j.configGet("save")).containsEntry("save", "");
            assertThat(j.configGet("bind").get("bind")).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void twoServersAtOnceGetDifferentPorts() {
        try (LocalRedisServer a = LocalRedisServer.start(RedisBinary.redis70());
             LocalRedisServer b = LocalRedisServer.start(RedisBinary.redis62())) {
            assertThat(a.port()).isNotEqualTo(b.port());
            try (Jedis ja = a.jedis(); Jedis jb = b.jedis()) {
                ja.set("k", "a");
                jb.set("k", "b");
                assertThat(ja.get("k")).isEqualTo("a");
                assertThat(jb.get("k")).isEqualTo("b");
            }
        }
    }

    @Test
    void closeStopsTheProcessAndRemovesTheTempDir() throws Exception {
        LocalRedisServer s = LocalRedisServer.start(RedisBinary.redis70());
        long pid = s.pid();
        int port = s.port();
        Path dir = s.dir();
        assertThat(ProcessHandle.of(pid)).isPresent();
        s.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dir).doesNotExist();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(ConnectException.class);
        s.close(); // idempotent
    }

    @Test
    void givenDirIsKeptAndSaveWritesDumpRdb(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("redis");
        try (LocalRedisServer s = LocalRedisServer.start(RedisBinary.redis70(), dir, List.of("--maxmemory", "100mb"));
             Jedis j = s.jedis()) {
            assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", Long.toString(100L << 20));
            j.set("k", "v");
            assertThat(s.rdbFile()).doesNotExist();
            assertThat(j.save()).isEqualTo("OK");
            assertThat(s.rdbFile()).isEqualTo(dir.resolve("dump.rdb")).exists();
            assertThat(magic(s.rdbFile())).isEqualTo("REDIS0010");
        }
        assertThat(dir.resolve("dump.rdb")).exists();
        assertThat(dir.resolve("redis.log")).exists();
    }

    @Test
    void redis62WritesRdbVersion9() throws Exception {
        try (LocalRedisServer s = LocalRedisServer.start(RedisBinary.redis62()); Jedis j = s.jedis()) {
            j.set("k", "v");
            j.save();
            assertThat(magic(s.rdbFile())).isEqualTo("REDIS0009");
        }
    }

    @Test
    void restartKeepsPortAndReloadsSavedData() {
        try (LocalRedisServer s = LocalRedisServer.start(RedisBinary.redis70())) {
            int port = s.port();
            long pid = s.pid();
            try (Jedis j = s.jedis()) {
                j.set("saved", "1");
                j.save();
                j.set("unsaved", "2");
            }
            s.restart();
            assertThat(s.port()).isEqualTo(port);
            assertThat(s.pid()).isNotEqualTo(pid);
            try (Jedis j = s.jedis()) {
                assertThat(j.get("saved")).isEqualTo("1");
                assertThat(j.get("unsaved")).isNull();
            }
            s.kill();
            assertThat(s.isRunning()).isFalse();
            s.restart();
            try (Jedis j = s.jedis()) {
                assertThat(j.get("saved")).isEqualTo("1");
            }
        }
    }

    @Test
    void pauseFreezesAndResumeThaws() {
        try (LocalRedisServer s = LocalRedisServer.start(RedisBinary.redis70())) {
            s.pause();
            // Jedis 7 connects (and sends CLIENT SETINFO) in its constructor, so that is what times out
            assertThatThrownBy(() -> {
                try (Jedis j = s.jedis(300)) {
                    j.ping();
                }
            }).isInstanceOf(JedisConnectionException.class);
            s.resume();
            try (Jedis j = s.jedis()) {
                assertThat(j.ping()).isEqualTo("PONG");
            }
            s.pause(); // close() must cope with a paused server
        }
    }

    @Test
    void failingStartShowsTheLog() {
        assertThatThrownBy(() -> LocalRedisServer.start(RedisBinary.redis70(), null, List.of("--no-such-option", "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redis.log")
                .hasMessageContaining("no-such-option");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0", "6.2"})
    void fillMixedProducesTheIntendedEncodings(String version) throws Exception {
        try (LocalRedisServer s = LocalRedisServer.start(binary(version)); Jedis j = s.jedis()) {
            int v = s.versionNumber();
            TestData.fillMixed(j, 2);

            Map<Integer, Long> sizes = TestData.expectedDbSizes(v, 2);
            for (Map.Entry<Integer, Long> e : sizes.entrySet()) {
                j.select(e.getKey());
                assertThat(j.dbSize()).as("DBSIZE of db %d", e.getKey()).isEqualTo(e.getValue());
            }
            j.select(0);
            for (Map.Entry<String, String> e : TestData.expectedEncodings(v).entrySet()) {
                assertThat(j.objectEncoding(e.getKey())).as("OBJECT ENCODING %s", e.getKey()).isEqualTo(e.getValue());
            }
            // the exact encodings the RDB parser cares about, spelled out
            String small = v >= 700 ? "listpack" : "ziplist";
            assertThat(j.objectEncoding("hash:small")).isEqualTo(small);
            assertThat(j.objectEncoding("zset:small")).isEqualTo(small);
            assertThat(j.objectEncoding("set:intset64")).isEqualTo("intset");
            assertThat(j.objectEncoding("zset:skiplist")).isEqualTo("skiplist");
            assertThat(j.objectEncoding("str:int:-1")).isEqualTo("int");

            // DUMP payload starts with the RDB type: QUICKLIST_2 (18) on 7.0, QUICKLIST (14) on 6.2
            byte[] dump = j.dump("list:small");
            assertThat(dump[0]).isEqualTo((byte) (v >= 700 ? 18 : 14));
            if (v >= 700) {
                // list:plain: 6 nodes, the first is PLAIN (container 1), the second PACKED (2)
                byte[] plain = j.dump("list:plain");
                assertThat(plain[0]).isEqualTo((byte) 18);
                assertThat(plain[1]).isEqualTo((byte) 5);
                assertThat(plain[2]).as("container of the first node").isEqualTo((byte) 1);
            }
            String debug = SafeEncoder.encode((byte[]) TestData.cmd(j, "DEBUG", "OBJECT", "list:compressed"));
            assertThat(debug).doesNotContain("ql_compressed:0");

            assertThat(j.get("str:int:12345")).isEqualTo("12345");
            assertThat(j.get(bytes("str:binary"))).containsExactly(0, 1, 2, 0xff, 0xfe, 0xc3, 0x28, 0, 'x', 0x80);
            assertThat(j.llen("list:multinode")).isEqualTo(2000);
            assertThat(j.zscore("zset:skiplist", "pinf")).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(j.zscore("zset:small", "tiny")).isEqualTo(1e-300);
            assertThat(j.pttl("ttl:far:0")).isGreaterThan(1_000_000_000L);
            assertThat(j.pttl("ttl:short:0")).isBetween(1L, TestData.SHORT_TTL_MS);
            assertThat(j.xlen("stream:events")).isEqualTo(500 - 3);
            assertThat(j.xinfoGroups("stream:events")).hasSize(2);
            assertThat(j.xpending("stream:events", "g1").getTotal()).isEqualTo(12);

            assertThat(j.save()).isEqualTo("OK");
            assertThat(s.rdbFile()).exists();
            assertThat(Files.size(s.rdbFile())).isGreaterThan(50_000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0", "6.2"})
    void fillBigAndFillStrings(String version) {
        try (LocalRedisServer s = LocalRedisServer.start(binary(version)); Jedis j = s.jedis(30_000)) {
            TestData.fillBig(j);
            assertThat(j.strlen("big:string")).isEqualTo(TestData.BIG_STRING_SIZE);
            assertThat(j.llen("big:list")).isEqualTo(TestData.BIG_LIST_SIZE);
            assertThat(j.lindex("big:list", 199_999)).isEqualTo("item-199999");
            long t0 = System.nanoTime();
            TestData.fillStrings(j, 200_000, 16);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(j.dbSize()).isEqualTo(3 + 200_000);
            assertThat(j.get("bench:123")).hasSize(16).startsWith("123");
            assertThat(millis).as("fillStrings 200k took %d ms", millis).isLessThan(20_000);
            assertThat(j.save()).isEqualTo("OK");
        }
    }

    @Test
    void extensionGivesAnEmptyServerToEachTest() {
        try (Jedis j = redis.jedis()) {
            assertThat(j.dbSize()).isZero();
            assertThat(redis.server().version()).startsWith("7.0.");
            j.set("leftover", "x"); // flushed before the next test
        }
    }

    @Test
    void extensionServerIsFlushedAgain() {
        extensionGivesAnEmptyServerToEachTest();
    }

    @Test
    void preferredFallsBackToEmbedded70WithoutPath() {
        RedisBinary b = RedisBinary.preferred();
        assertThat(b.version()).isNotBlank();
        if (!b.source().equals("PATH")) {
            assertThat(b.path()).isEqualTo(RedisBinary.redis70().path());
        }
    }

    @Test
    void unsupportedPlatformGivesAClearMessage() {
        String arch = System.getProperty("os.arch");
        System.setProperty("os.arch", "riscv64");
        try {
            assertThatThrownBy(RedisBinary::redis70)
                    .hasMessageContaining("redis-server-7.0.15-linux-riscv64")
                    .hasMessageContaining("not shipped");
            assertThatThrownBy(RedisBinary::redis62).hasMessageContaining("linux/riscv64");
            if (RedisBinary.fromPath().isEmpty()) {
                assertThatThrownBy(RedisBinary::preferred).hasMessage("no redis-server on PATH and no embedded "
                        + "binary for linux/riscv64: install redis-server (apt-get install redis-server)");
            }
        } finally {
            System.setProperty("os.arch", arch);
        }
    }

    private static String magic(Path rdb) throws Exception {
        try (InputStream in = Files.newInputStream(rdb)) {
            return new String(in.readNBytes(9), StandardCharsets.US_ASCII);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
