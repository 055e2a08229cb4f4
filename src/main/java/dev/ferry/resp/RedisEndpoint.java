package dev.ferry.resp;

import java.io.Serializable;

/**
 * Where a Redis server is and how to log in, plus the config section it came from so every error can
 * point the user at the setting to fix. {@code toString()} never shows the password.
 */
public record RedisEndpoint(String host, int port, String username, String password, boolean tls, String configSection)
        implements Serializable {

    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return address() + (username == null || username.isEmpty() ? "" : " as " + username) + (tls ? " (tls)" : "");
    }
}
