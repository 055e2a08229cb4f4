package dev.ferry.verify.check;

/**
 * How the writer will write an RDB file's keys into this target.
 *
 * @param byRestore         keys RESTOREd as they are
 * @param payloadTooBig     keys whose DUMP payload is bigger than the restore limit: element commands
 * @param encodingTooNew    keys in an encoding newer than the target loads (e.g. listpacks into 6.2): element commands
 */
public record RestorePlan(long byRestore, long payloadTooBig, long encodingTooNew) {
    public long byCommands() {
        return payloadTooBig + encodingTooNew;
    }
}
