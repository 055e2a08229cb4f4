package dev.ferry.config;

import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;

/**
 * A config section that names a server and how to log in to it: {@code address} ({@code host:port}, IPv6 as
 * {@code [::1]:6379}, already validated), {@code username}, {@code password} and the TLS keys. What the sections
 * with a server share, so each turns into a {@link RedisEndpoint} and prints its login (password masked) the same way.
 */
public interface Addressed {

    String address();

    /** ACL user name, {@code ""} for none. */
    String username();

    /** Password, {@code ""} for none; never printed. */
    String password();

    TlsSettings tls();

    /** The host part of {@link #address()}, without IPv6 brackets. */
    default String host() {
        return HostPort.host(address());
    }

    /** The port part of {@link #address()}. */
    default int port() {
        return HostPort.port(address());
    }

    /** Where to connect and how to log in; {@code configSection} is the setting that connection errors name. */
    default RedisEndpoint endpoint(String configSection) {
        return new RedisEndpoint(host(), port(), username(), password(), tls(), configSection);
    }

    /** {@code address=..., username=..., password=***, tls=...} for a {@code toString()}: the password only masked. */
    default String loginFields() {
        return "address=" + address() + ", username=" + username() + ", password="
                + (password() == null || password().isEmpty() ? "" : "***") + ", tls=" + tls();
    }
}
