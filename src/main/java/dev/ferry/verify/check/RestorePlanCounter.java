package dev.ferry.verify.check;

import dev.ferry.rdb.RdbType;

/** Counts, key by key, what the writer's choice between RESTORE and element commands will be on the target. */
final class RestorePlanCounter implements KeyListener {
    private final TargetReport target;
    private long byRestore;
    private long tooBig;
    private long tooNew;

    RestorePlanCounter(TargetReport target) {
        this.target = target;
    }

    @Override
    public void key(int db, byte[] key, int type, long payloadBytes) {
        // the same order of reasons as the writer's TargetCapabilities.commandPathReason
        if (payloadBytes > target.restoreLimit()) {
            tooBig++;
        } else if (!RdbType.isKnown(type) || !target.acceptedRdbVersions().contains(RdbType.minRdbVersion(type))) {
            tooNew++;
        } else {
            byRestore++;
        }
    }

    RestorePlan plan() {
        return new RestorePlan(byRestore, tooBig, tooNew);
    }
}
