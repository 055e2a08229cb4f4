package dev.ferry.source.sync;

import java.time.Duration;

/**
 * How Ferry behaves as a replica.
 *
 * @param listeningPort the port announced with {@code REPLCONF listening-port} (the master shows it in INFO and
 *                      Sentinel lists it); 0 announces the connection's own local port, as RedisShake does
 * @param readTimeout   silence after which the connection counts as lost; masters send a newline every second
 *                      while preparing a snapshot and PING every {@code repl-ping-replica-period} (10 s) after
 * @param ackInterval   how often {@code REPLCONF ACK} is sent (Redis replicas: every second)
 */
public record ReplicaOptions(int listeningPort, Duration readTimeout, Duration ackInterval) {

    public static ReplicaOptions defaults() {
        return new ReplicaOptions(0, Duration.ofSeconds(60), Duration.ofSeconds(1));
    }
}
