package dev.ferry.local;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ferry.testing.RedisClusterExtension;

/** Redis 6.2 has no ADDSLOTSRANGE and lists CLUSTER SLOTS in node-table order. */
class LocalRedisCluster62ITCase extends LocalRedisClusterContract {

    @RegisterExtension
    static RedisClusterExtension redis = RedisClusterExtension.redis62(3, 1);

    @Override
    RedisClusterExtension redis() {
        return redis;
    }
}
