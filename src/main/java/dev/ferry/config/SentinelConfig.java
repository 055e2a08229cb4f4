package dev.ferry.config;

import dev.ferry.resp.tls.TlsSettings;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * A Redis Sentinel through which the target master is found. Parsed from RedisShake's form
 * ({@code sentinel = true} and {@code master = "mymaster"} in {@code [redis_writer]}, where
 * {@code address}, {@code username}, {@code password} and the {@code tls*} keys of the writer are the
 * sentinel's) or from Ferry's table {@code [redis_writer.sentinel]} with {@code master_name},
 * {@code address}, {@code username}, {@code password} and the {@code tls*} keys.
 *
 * @param masterName the name the sentinels monitor the master under
 * @param address    the sentinel's {@code host:port}
 * @param username   ACL user for the sentinel, {@code ""} for none
 * @param password   password for the sentinel, {@code ""} for none; never printed
 * @param tls        TLS to the sentinel: {@code tls} and the {@code tls_*} keys, the data nodes' unless set
 */
public record SentinelConfig(String masterName, String address, String username, String password,
                             TlsSettings tls) implements Serializable, Addressed {

    @Serial
    private static final long serialVersionUID = 2L;

    public SentinelConfig {
        Objects.requireNonNull(masterName, "masterName");
        Objects.requireNonNull(address, "address");
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        tls = tls == null ? TlsSettings.OFF : tls;
    }

    @Override
    public String toString() {
        return "SentinelConfig[masterName=" + masterName + ", " + loginFields() + "]";
    }
}
