package dev.ferry.sink;

import dev.ferry.resp.RespError;

/**
 * A cluster's "not here" reply: {@code MOVED slot host:port} (the slot has a new owner: refresh the map),
 * {@code ASK slot host:port} (this key is being migrated: ask that node once, after ASKING), or a
 * transient refusal to send again after a pause ({@code TRYAGAIN} during a resharding, {@code CLUSTERDOWN}
 * and {@code READONLY} during a failover, {@code LOADING} after a restart).
 */
record Redirect(Kind kind, String address) {
    enum Kind { MOVED, ASK, RETRY }

    /** The redirect this reply asks for, or null for a reply that is the command's own. */
    static Redirect of(Object reply) {
        if (!(reply instanceof RespError err)) {
            return null;
        }
        if (err.is("MOVED") || err.is("ASK")) {
            String[] parts = err.message().split(" ");
            if (parts.length >= 3) {
                return new Redirect(err.is("MOVED") ? Kind.MOVED : Kind.ASK, parts[2]);
            }
        }
        if (err.is("TRYAGAIN") || err.is("CLUSTERDOWN") || err.is("READONLY") || err.is("LOADING") || err.is("MASTERDOWN")) {
            return new Redirect(Kind.RETRY, null);
        }
        return null;
    }

    /** Whether the slot map may have changed. */
    boolean refreshesMap() {
        return kind != Kind.ASK;
    }
}
