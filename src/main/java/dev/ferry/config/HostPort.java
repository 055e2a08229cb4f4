package dev.ferry.config;

/** Splits and checks {@code host:port} addresses; IPv6 hosts are written {@code [::1]:6379}. */
final class HostPort {

    private HostPort() {
    }

    /** The reason {@code address} is not a valid {@code host:port}, or {@code null} if it is. */
    static String problem(String address) {
        if (address == null || address.isBlank()) {
            return "is empty";
        }
        if (!address.equals(address.strip()) || address.chars().anyMatch(Character::isWhitespace)) {
            return "must not contain spaces";
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return "has no port";
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                return "has a malformed [IPv6] host";
            }
        } else if (host.isEmpty()) {
            return "has no host";
        } else if (host.indexOf(':') >= 0) {
            return "has an IPv6 host without brackets (write [::1]:6379)";
        }
        if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) {
            return "has an invalid port \"" + port + "\"";
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            return "has port " + p + " outside 1..65535";
        }
        return null;
    }

    static String host(String address) {
        check(address);
        String host = address.substring(0, address.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    static int port(String address) {
        check(address);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static void check(String address) {
        String problem = problem(address);
        if (problem != null) {
            throw new IllegalStateException("address \"" + address + "\" " + problem);
        }
    }
}
