package dev.ferry.source.sync;

import dev.ferry.resp.RedisConnectException;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * The source will not let Ferry replicate the way its live migration needs, and asking again will not change that:
 * it offers only the old SYNC (no offsets to checkpoint), or refuses PSYNC and SYNC both. Neither the split's
 * reconnects nor Flink's restarts retry it; the message names the source and the way on.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class ReplicationRefusedException extends RedisConnectException {
    public ReplicationRefusedException(String message) {
        super(message, null);
    }
}
