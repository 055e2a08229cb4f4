package dev.ferry.local;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ferry.testing.RedisClusterExtension;

class LocalRedisClusterITCase extends LocalRedisClusterContract {

    @RegisterExtension
    static RedisClusterExtension redis = RedisClusterExtension.redis70(3, 1);

    @Override
    RedisClusterExtension redis() {
        return redis;
    }
}
