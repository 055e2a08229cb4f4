package dev.ferry.sink;

import dev.ferry.config.RedisWriterConfig;
import dev.ferry.config.SentinelConfig;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.sink.cluster.SlotMapLoader;
import dev.ferry.sink.sentinel.SentinelResolver;
import java.util.List;

/** The channel that fits {@code [redis_writer]}: a cluster, the master behind Sentinel, or one server. */
public final class TargetChannels {
    static final String SECTION = "target [redis_writer]";

    private TargetChannels() {}

    public static <T> TargetChannel<T> of(RedisWriterConfig w, int readTimeoutMs) {
        if (w.cluster()) {
            return new ClusterChannel<>(endpoint(w), readTimeoutMs);
        }
        if (w.sentinel() != null) {
            return new SentinelChannel<>(sentinelResolver(w), readTimeoutMs);
        }
        return new StandaloneChannel<>(endpoint(w), readTimeoutMs);
    }

    /** Where the target's data is now: each master of a cluster, the master Sentinel names, or the one server. */
    public static List<RedisEndpoint> masters(RedisWriterConfig w) {
        if (w.cluster()) {
            return SlotMapLoader.load(endpoint(w)).masters();
        }
        return List.of(w.sentinel() != null ? sentinelResolver(w).resolve() : endpoint(w));
    }

    /** The resolver of a Sentinel target's master; {@code w.sentinel()} must be set. */
    public static SentinelResolver sentinelResolver(RedisWriterConfig w) {
        SentinelConfig s = w.sentinel();
        return SentinelResolver.builder()
                .sentinels(List.of(s.endpoint("sentinel of [redis_writer]")))
                .masterName(s.masterName())
                .dataNodeLogin(w.username(), w.password(), w.tls(), SECTION)
                .build();
    }

    /** The configured address as an endpoint (the seed node of a cluster, the sentinel of a sentinel target). */
    public static RedisEndpoint endpoint(RedisWriterConfig w) {
        return w.endpoint(SECTION);
    }
}
