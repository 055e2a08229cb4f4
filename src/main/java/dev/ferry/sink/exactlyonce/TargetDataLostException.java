package dev.ferry.sink.exactlyonce;

import dev.ferry.sink.TargetWriteException;

/**
 * The target no longer holds what it acknowledged before the checkpoint the job restarts from (it restarted without
 * persistence, or failed over to a replica that had not received it): no replay from that checkpoint brings it back.
 */
public final class TargetDataLostException extends TargetWriteException {
    public TargetDataLostException(String message) {
        super(message, null);
    }
}
