package dev.ferry.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.LocalSentinel;
import dev.ferry.local.RedisBinary;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.RedisSentinelExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** {@code ferry check} of a 10,000-key RDB snapshot against the master behind real Sentinels, holding 500 of the keys. */
class CheckSentinelITCase {
    @RegisterExtension
    static RedisSentinelExtension redis = RedisSentinelExtension.redis70();

    static LocalRedisServer source;

    @TempDir
    Path dir;

    @BeforeAll
    static void snapshot() {
        source = LocalRedisServer.start(RedisBinary.redis70());
        try (Jedis j = source.jedis()) {
            CheckData.fillSource(j);
            j.save();
        }
    }

    @AfterAll
    static void stop() {
        source.close();
    }

    @Test
    void findsTheMasterItsReplicaAndTheExistingKeys() throws Exception {
        LocalSentinel s = redis.sentinel();
        try (Jedis master = s.currentMaster().jedis()) {
            CheckData.fillTarget(master::set);
        }
        Path cfg = MigrationConfig.rdbToRedis(source.rdbFile(), s.sentinelAddresses().get(0), dir)
                .writer("sentinel", "true").writer("master", "\"" + s.masterName() + "\"").write();
        InProcessRun r = CheckRun.of(cfg, "--format", "json");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.at("/target/kind").asText()).isEqualTo("sentinel");
        assertThat(json.at("/target/sentinel_master").asText()).isEqualTo(s.masterName());
        assertThat(json.at("/target/masters/0/facts/address").asText()).isEqualTo(s.currentMaster().address());
        assertThat(json.at("/target/masters/0/replicas")).hasSize(1);
        assertThat(json.at("/collisions/existing").asLong()).isEqualTo(500);
    }
}
