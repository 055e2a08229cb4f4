package dev.ferry.sink;

/**
 * What a target channel did to keep writing through a resharding or a failover, for the writer's metrics. Written by
 * the writer thread only; volatile because metric reporters read it from their own threads.
 */
public final class ChannelStats {
    private volatile long redirects;
    private volatile long asks;
    private volatile long retries;
    private volatile long reconnects;

    /** {@code MOVED} and {@code ASK} replies of a cluster. */
    public long redirects() {
        return redirects;
    }

    /** {@code ASK} replies alone: a key of a slot being migrated was already on the importing node. */
    public long asks() {
        return asks;
    }

    /** Commands sent again: after a redirect, a transient refusal ({@code TRYAGAIN}, {@code CLUSTERDOWN}...), a failover. */
    public long retries() {
        return retries;
    }

    /** Connections to a master re-established after one was lost or demoted (the new master, or the old one back). */
    public long reconnects() {
        return reconnects;
    }

    void redirected(Redirect r) {
        if (r.kind() != Redirect.Kind.RETRY) {
            redirects++;
        }
        if (r.kind() == Redirect.Kind.ASK) {
            asks++;
        }
    }

    void retried(int commands) {
        retries += commands;
    }

    void reconnected() {
        reconnects++;
    }
}
