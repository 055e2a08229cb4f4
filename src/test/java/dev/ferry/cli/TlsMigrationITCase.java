package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisCluster;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.LocalSentinel;
import dev.ferry.local.RedisBinary;
import dev.ferry.testing.ClusterSourceCheck;
import dev.ferry.testing.ClusterTargetCheck;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestCertificates;
import dev.ferry.testing.TestCertificates.Issued;
import dev.ferry.testing.TestCertificates.KeyForm;
import dev.ferry.testing.TestData;
import dev.ferry.testing.TestLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * TLS on both sides, with certificates made by the test: a live source that demands a client certificate
 * ({@code tls-auth-clients yes}) and a target that only shows its own. Ferry reaches both through their TLS ports;
 * the test checks the data through the plain ones.
 */
class TlsMigrationITCase {
    @TempDir
    static Path certs;
    static TestCertificates ca;
    static TestCertificates otherCa;
    static Issued client;
    static LocalRedisServer source;
    static LocalRedisServer target;

    @TempDir
    Path dir;

    @BeforeAll
    static void servers() {
        ca = TestCertificates.authority(certs, "ferry-test-ca");
        otherCa = TestCertificates.authority(certs, "some-other-ca");
        client = ca.rsaClient("ferry-client", KeyForm.TRADITIONAL); // PKCS#1, as older OpenSSL writes it
        source = LocalRedisServer.start(RedisBinary.redis70(), null, tlsArgs(ca.server("source", "127.0.0.1", "localhost"), "yes"));
        target = LocalRedisServer.start(RedisBinary.redis70(), null, tlsArgs(ca.server("target", "127.0.0.1"), "no"));
        try (Jedis j = source.jedis(60_000)) {
            TestData.fillMixed(j, 1);
        }
    }

    private static List<String> tlsArgs(Issued server, String authClients) {
        return List.of("--tls-cert-file", server.cert().toString(), "--tls-key-file", server.key().toString(),
                "--tls-ca-cert-file", ca.caFile().toString(), "--tls-auth-clients", authClients);
    }

    @AfterAll
    static void stop() {
        source.close();
        target.close();
    }

    @BeforeEach
    void emptyTarget() {
        try (Jedis t = target.jedis()) {
            t.flushAll();
            t.functionFlush();
        }
    }

    @Test
    void liveSourceWithClientCertificateIntoTlsTargetAndCheckAndVerifyUseTheSameSettings() throws Exception {
        Path cfg = config(sourceTls(true), "tls = true\ntls_ca = \"" + ca.caFile() + "\"", true);

        InProcessRun check = InProcessRun.command("check", "-c", cfg.toString());
        assertThat(check.code()).as(check.out() + check.err()).isZero();

        InProcessRun run = InProcessRun.of(cfg, "--stop-when-consistent", "--consistent-for", "1s");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Migration finished");
        SourceAndTarget.assertEqual(source, target);

        InProcessRun verify = InProcessRun.command("verify", "-c", cfg.toString());
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    }

    /** The SCAN + DUMP source (for services that forbid PSYNC) over TLS with a client certificate, every db. */
    @Test
    void scanReaderReadsTheSourceOverTls() throws Exception {
        Path cfg = config("[scan_reader]\naddress = \"" + source.tlsAddress() + "\"\n" + sourceTls(true),
                "tls = true\ntls_ca = \"" + ca.caFile() + "\"");
        InProcessRun run = InProcessRun.of(cfg);
        assertThat(run.code()).as(run.err()).isZero();
        SourceAndTarget.assertEqual(source, target);
    }

    /**
     * A cluster whose nodes speak TLS to clients and to each other ({@code tls-cluster yes}), as a managed cluster with
     * encryption in transit runs: a snapshot into it, then the cluster as a live source into the TLS target. Ferry
     * reaches every master by the TLS port the cluster reports (CLUSTER SHARDS' {@code tls-port}).
     */
    @Test
    void aTlsClusterAsTargetThenAsLiveSource() throws Exception {
        List<String> tls = new ArrayList<>(tlsArgs(ca.peer("cluster-node", "127.0.0.1"), "no"));
        tls.addAll(List.of("--tls-cluster", "yes"));
        try (LocalRedisCluster cluster = LocalRedisCluster.start(RedisBinary.redis70(), 3, 0, tls);
             LocalRedisServer db0 = LocalRedisServer.start(RedisBinary.redis70())) {
            try (Jedis j = db0.jedis(60_000)) {
                TestData.fillMixedDb0(j, 1);
                j.save();
            }
            String seed = cluster.masters().get(0).tlsAddress();
            Path into = MigrationConfig.rdbToRedis(db0.rdbFile(), seed, Files.createDirectories(dir.resolve("into")))
                    .writer("cluster", "true").writer("tls", "true").writer("tls_ca", "\"" + ca.caFile() + "\"").write();
            InProcessRun run = InProcessRun.of(into);
            assertThat(run.code()).as(run.err()).isZero();
            ClusterTargetCheck.assertEqualsSource(db0, cluster);

            Path from = dir.resolve("from.toml");
            Files.writeString(from, """
                    [sync_reader]
                    address = "%s"
                    cluster = true
                    sync_aof = false
                    tls = true
                    tls_ca = "%s"
                    [redis_writer]
                    address = "%s"
                    tls = true
                    tls_ca = "%s"
                    [advanced]
                    dir = "%s"
                    """.formatted(seed, ca.caFile(), target.tlsAddress(), ca.caFile(), dir.resolve("from")));
            InProcessRun live = InProcessRun.of(from);
            assertThat(live.code()).as(live.err()).isZero();
            ClusterSourceCheck.assertTargetEqualsCluster(cluster, target);
        }
    }

    /**
     * Sentinels, replication and the data nodes all on TLS ({@code tls-replication yes}): Ferry finds a replica of the
     * source through a Sentinel's TLS port ({@code prefer_replica}) and replicates from it, then writes the source's
     * snapshot to the master a Sentinel names for the target, every connection over TLS.
     */
    @Test
    void sentinelsOverTlsAsSourceAndAsTarget() throws Exception {
        List<String> tls = tlsArgs(ca.peer("sentinel-node", "127.0.0.1"), "optional");
        String tlsCa = "tls = true\ntls_ca = \"" + ca.caFile() + "\"\n";
        try (LocalSentinel s = LocalSentinel.builder(RedisBinary.redis70()).tls(tls).start()) {
            try (Jedis j = s.currentMaster().jedis(60_000)) {
                TestData.fillMixed(j, 1);
                assertThat(j.waitReplicas(1, 10_000)).isEqualTo(1);
            }
            String sentinel = s.sentinels().get(0).tlsAddress();
            Path from = dir.resolve("from.toml");
            Files.writeString(from, """
                    [sync_reader]
                    prefer_replica = true
                    sync_aof = false
                    %s
                    [sync_reader.sentinel]
                    master_name = "%s"
                    address = "%s"
                    [redis_writer]
                    address = "%s"
                    %s
                    [advanced]
                    dir = "%s"
                    """.formatted(tlsCa, s.masterName(), sentinel, target.tlsAddress(), tlsCa, dir.resolve("from")));
            InProcessRun live = InProcessRun.of(from);
            assertThat(live.code()).as(live.err()).isZero();
            assertThat(live.out() + live.err()).doesNotContain("tls_skip_verify");
            // against the replica Ferry read: fillMixed's re-read of pending entries (XREADGROUP ... 0) counts a
            // delivery on the master that Redis does not replicate
            SourceAndTarget.assertEqual(s.replicas().get(0), target);

            try (Jedis j = s.currentMaster().jedis()) {
                j.flushAll();
                j.functionFlush();
            }
            try (Jedis j = source.jedis(60_000)) {
                j.save();
            }
            Path into = dir.resolve("into.toml");
            Files.writeString(into, """
                    [rdb_reader]
                    filepath = "%s"
                    [redis_writer]
                    %s
                    [redis_writer.sentinel]
                    master_name = "%s"
                    address = "%s"
                    [advanced]
                    dir = "%s"
                    """.formatted(source.rdbFile(), tlsCa, s.masterName(), sentinel, dir.resolve("into")));
            InProcessRun run = InProcessRun.of(into);
            assertThat(run.code()).as(run.err()).isZero();
            SourceAndTarget.assertEqual(source, s.currentMaster());
        }
    }

    @Test
    void targetCertificateFromAnotherCaIsOneClearLine() throws Exception {
        Path cfg = config(sourceTls(true), "tls = true\ntls_ca = \"" + otherCa.caFile() + "\"", false);
        InProcessRun r = InProcessRun.of(cfg);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("TLS connection to target [redis_writer] at " + target.tlsAddress() + " failed: the "
                + "server's certificate is not signed by a CA in [redis_writer] tls_ca (" + otherCa.caFile() + "); set "
                + "[redis_writer] tls_ca to the PEM file of the CA that signed it");
        assertOneLine(r);
    }

    @Test
    void sourceThatDemandsAClientCertificateNamesTheKeysToSet() throws Exception {
        Path cfg = config(sourceTls(false), "tls = true\ntls_ca = \"" + ca.caFile() + "\"", false);
        InProcessRun r = InProcessRun.of(cfg);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("TLS connection to [sync_reader] at " + source.tlsAddress() + " failed: ",
                "requires a client certificate", "set [sync_reader] tls_cert and [sync_reader] tls_key");
        assertOneLine(r);
    }

    @Test
    void hostNameTheCertificateDoesNotListIsRefused() throws Exception {
        Path cfg = config(sourceTls(true), "tls = true\ntls_ca = \"" + ca.caFile() + "\"", false);
        Files.writeString(cfg, Files.readString(cfg).replace(target.tlsAddress(), "localhost:" + target.tlsPort()));
        InProcessRun r = InProcessRun.of(cfg);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("TLS connection to target [redis_writer] at localhost:" + target.tlsPort()
                + " failed: the server's certificate does not name localhost");
        assertOneLine(r);
    }

    @Test
    void skipVerifyTrustsAnyCertificateAndWarnsOncePerServer() throws Exception {
        Path cfg = config(sourceTls(true), "tls = true\ntls_skip_verify = true", false);
        TestLog log = TestLog.mark();
        InProcessRun run = InProcessRun.of(cfg);
        assertThat(run.code()).as(run.err()).isZero();
        SourceAndTarget.assertEqual(source, target);
        String warning = "target [redis_writer] at " + target.tlsAddress()
                + ": tls_skip_verify = true: connected over TLS WITHOUT checking the server's certificate or host name";
        assertThat(log.since()).as("once, though the run connected to the target several times").containsOnlyOnce(warning);
    }

    private static void assertOneLine(InProcessRun r) {
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }

    private static String sourceTls(boolean withClientCertificate) {
        return "tls = true\ntls_ca = \"" + ca.caFile() + "\"\n"
                + (withClientCertificate ? "tls_cert = \"" + client.cert() + "\"\ntls_key = \"" + client.key() + "\"\n" : "");
    }

    /** A [sync_reader] of the source's TLS port into the target's TLS port; live until consistent, or bounded. */
    private Path config(String sourceTls, String targetTls, boolean live) throws IOException {
        return config("[sync_reader]\naddress = \"" + source.tlsAddress() + "\"\nsync_aof = " + live + "\n" + sourceTls, targetTls);
    }

    /** {@code reader} (a whole reader section) into the target's TLS port. */
    private Path config(String reader, String targetTls) throws IOException {
        Path file = dir.resolve("ferry.toml");
        Files.writeString(file, """
                %s
                [redis_writer]
                address = "%s"
                %s
                [advanced]
                dir = "%s"
                [flink]
                checkpoint_interval = "300ms"
                """.formatted(reader, target.tlsAddress(), targetTls, dir.resolve("data")));
        return file;
    }
}
