package dev.ferry.resp;

import dev.ferry.resp.tls.TlsSettings;
import java.io.Serializable;

/**
 * Where a Redis server is and how to log in (password, TLS), plus the config section it came from so every error can
 * point the user at the setting to fix. {@code toString()} never shows the password.
 */
public record RedisEndpoint(String host, int port, String username, String password, TlsSettings tls, String configSection)
        implements Serializable {

    public RedisEndpoint {
        tls = tls == null ? TlsSettings.OFF : tls;
    }

    public String address() {
        return host + ":" + port;
    }

    /**
     * The same login at another server, {@code host:port} as {@link #address()} writes it (an IPv6 host may come with
     * or without brackets): a node discovered through this one (a cluster node, a Sentinel's master).
     */
    public RedisEndpoint at(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("address \"" + address + "\" has no host:port");
        }
        String h = address.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return at(h, Integer.parseInt(address.substring(colon + 1)));
    }

    /** The same login at {@code host} and {@code port} (a host without IPv6 brackets). */
    public RedisEndpoint at(String host, int port) {
        return new RedisEndpoint(host, port, username, password, tls, configSection);
    }

    @Override
    public String toString() {
        return address() + (username == null || username.isEmpty() ? "" : " as " + username) + (tls.enabled() ? " (tls)" : "");
    }
}
