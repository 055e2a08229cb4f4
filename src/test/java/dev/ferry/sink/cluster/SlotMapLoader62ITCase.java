package dev.ferry.sink.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ferry.local.RedisBinary;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RespError;
import dev.ferry.testing.RedisClusterExtension;

/** Redis 6.2 has no CLUSTER SHARDS: the loader falls back to CLUSTER SLOTS. */
class SlotMapLoader62ITCase extends SlotMapLoaderContract {

    @RegisterExtension
    static RedisClusterExtension redis = RedisClusterExtension.redis62(3, 1);

    @Override
    RedisClusterExtension redis() {
        return redis;
    }

    @Override
    RedisBinary binary() {
        return RedisBinary.redis62();
    }

    @Test
    void theServerReallyLacksClusterShards() throws Exception {
        try (RedisConnection c = RedisConnection.open(endpoint(cluster().masters().get(0)), 5000)) {
            assertThat(c.call("CLUSTER", "SHARDS")).isInstanceOfSatisfying(RespError.class,
                    e -> assertThat(e.message()).containsIgnoringCase("unknown subcommand"));
        }
    }
}
