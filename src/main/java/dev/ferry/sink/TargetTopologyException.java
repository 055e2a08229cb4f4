package dev.ferry.sink;

import dev.ferry.resp.RedisConnectException;

/**
 * The target is reachable but not what the configuration says it is (not a cluster node, no sentinel knows the
 * master, no master to be found): retrying will not help, the message names the setting to change. A
 * {@link RedisConnectException}, so {@code ferry run} reports it as bad input like an unreachable target.
 */
public class TargetTopologyException extends RedisConnectException {
    public TargetTopologyException(String message) {
        super(message, null);
    }
}
