package dev.ferry.config;

import dev.ferry.resp.tls.TlsSettings;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * Section {@code [redis_writer]}: the target Redis, with RedisShake's keys.
 *
 * <pre>
 * [redis_writer]
 * cluster = false                 # true: target is a Redis Cluster; address is any of its nodes
 * address = "127.0.0.1:6379"      # host:port; IPv6 as [::1]:6379
 * username = ""                   # ACL user, empty if not using ACL
 * password = "${REDIS_PASSWORD}"  # empty if no auth; ${VAR} is taken from the environment
 * tls = false                     # true: TLS, checked against the JVM trust store or tls_ca
 * tls_ca = ""                     # PEM file of the CA(s) to trust
 * tls_cert = ""                   # PEM client certificate, with tls_key (tls-auth-clients yes)
 * tls_key = ""
 * tls_skip_verify = false         # trust any certificate (tests only; logged as a WARN)
 * off_reply = false               # CLIENT REPLY OFF; needs rdb_restore_command_behavior rewrite or skip
 * </pre>
 *
 * @param address  {@code host:port} of the target (with a sentinel: the sentinel's address)
 * @param username ACL user name, {@code ""} for none
 * @param password password, {@code ""} for none; never printed by {@link #toString()}
 * @param tls      TLS, from {@code tls} and the {@code tls_*} keys
 * @param cluster  the target is a Redis Cluster
 * @param offReply send {@code CLIENT REPLY OFF} and do not wait for replies
 * @param sentinel the sentinel to find the master through, or {@code null}
 */
public record RedisWriterConfig(String address, String username, String password, TlsSettings tls,
                                boolean cluster, boolean offReply, SentinelConfig sentinel)
        implements Serializable, Addressed {

    @Serial
    private static final long serialVersionUID = 2L;

    public RedisWriterConfig {
        Objects.requireNonNull(address, "address");
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        tls = tls == null ? TlsSettings.OFF : tls;
    }

    /** {@code true} when a password is configured. */
    public boolean hasPassword() {
        return !password.isEmpty();
    }

    @Override
    public String toString() {
        return "RedisWriterConfig[" + loginFields() + ", cluster=" + cluster + ", offReply=" + offReply
                + ", sentinel=" + sentinel + "]";
    }
}
