package dev.ferry.resp.tls;

import java.io.Serial;
import java.io.Serializable;

/**
 * How to speak TLS to a server, from the {@code tls*} keys of one config table. It travels with every
 * {@link dev.ferry.resp.RedisEndpoint} into Flink's operators, so it holds file names, never key material: each
 * connection reads the PEM files where it is made ({@link TlsSockets}).
 *
 * @param enabled    {@code tls}: connect with TLS at all
 * @param caFile     {@code tls_ca}: PEM file of the CA(s) to trust instead of the JVM's default trust store, or null
 * @param certFile   {@code tls_cert}: PEM client certificate (chain), or null; set together with {@code keyFile}
 * @param keyFile    {@code tls_key}: PEM private key of {@code certFile}, or null
 * @param skipVerify {@code tls_skip_verify}: trust any certificate and any host name (for tests only)
 * @param table      the config table these keys are read from, e.g. {@code redis_writer.sentinel}: what messages
 *                   tell the user to change
 */
public record TlsSettings(boolean enabled, String caFile, String certFile, String keyFile, boolean skipVerify, String table)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Plain TCP. */
    public static final TlsSettings OFF = new TlsSettings(false, null, null, null, false, null);

    public TlsSettings {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("tls_cert and tls_key go together");
        }
    }

    /** TLS with the JVM's default trust store and no client certificate: {@code tls = true} alone. */
    public static TlsSettings defaultTrust(String table) {
        return new TlsSettings(true, null, null, null, false, table);
    }

    public boolean hasClientCertificate() {
        return certFile != null;
    }

    /** "[redis_writer] tls_ca": how the user finds the setting {@code key} of this table. */
    public String setting(String key) {
        return "[" + (table == null ? "?" : table) + "] " + key;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "no tls";
        }
        return "tls" + (skipVerify ? " (certificate NOT verified)" : caFile == null ? "" : " (ca " + caFile + ")")
                + (certFile == null ? "" : " (client certificate " + certFile + ")");
    }
}
