package dev.ferry.source;

import dev.ferry.resp.RedisConnectException;

/**
 * The source is reachable but cannot be read as configured (keyspace notifications off, a command refused, a cluster
 * node read as a standalone server...): retrying will not help, the message names the setting to change. A
 * {@link RedisConnectException}, so {@code ferry run} reports it as bad input like an unreachable source.
 */
public class SourceSetupException extends RedisConnectException {
    public SourceSetupException(String message) {
        super(message, null);
    }
}
