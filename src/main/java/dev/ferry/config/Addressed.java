package dev.ferry.config;

/** A config section with a server {@code address} ({@code host:port}, IPv6 as {@code [::1]:6379}), already validated. */
public interface Addressed {

    String address();

    /** The host part of {@link #address()}, without IPv6 brackets. */
    default String host() {
        return HostPort.host(address());
    }

    /** The port part of {@link #address()}. */
    default int port() {
        return HostPort.port(address());
    }
}
